package dev.domainagents.core.lease;

/**
 * The right to run one durable consumer on this node, while no other node does. Given by
 * {@link Leases}; {@link #held} may change at any time, and the consumer is told through the
 * listener it registered.
 */
public final class Lease {
    /** Told when the lease is won and when it is lost; called on the node's lease context. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void acquired() {
            }

            @Override
            public void lost() {
            }
        };

        void acquired();

        void lost();
    }

    private final String name;
    private final Listener listener;
    private volatile boolean held;

    Lease(String name, Listener listener) {
        this.name = name;
        this.listener = listener;
    }

    public String name() {
        return name;
    }

    public boolean held() {
        return held;
    }

    void acquired() {
        held = true;
        listener.acquired();
    }

    void lost() {
        if (held) {
            held = false;
            listener.lost();
        }
    }
}
