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
    private final String group;
    private final int groupSize;
    private final Listener listener;
    private volatile boolean held;

    Lease(String name, String group, int groupSize, Listener listener) {
        this.name = name;
        this.group = group;
        this.groupSize = groupSize;
        this.listener = listener;
    }

    public String name() {
        return name;
    }

    /** The consumer this lease is a segment of (its own name when the consumer is not split). */
    String group() {
        return group;
    }

    /** How many leases (segments) the group has. */
    int groupSize() {
        return groupSize;
    }

    boolean split() {
        return groupSize > 1;
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
