package dev.domainagents.core.store;

/**
 * One of {@code count} parts of a subscription's work, split by stream id: a stream always
 * falls in the same segment, so the events of one aggregate stay in order while several
 * nodes share the subscription. Each segment is a subscription of its own, with its own
 * checkpoint and lease ({@link #subscriptionName}).
 */
public record Segment(int index, int count) {
    /** The whole work: a subscription that is not split. */
    public static final Segment WHOLE = new Segment(0, 1);

    public Segment {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("no segment " + index + " of " + count);
        }
    }

    /** {@code base} itself when not split, else {@code base#index/count}: its checkpoint, lease and dead letters. */
    public String subscriptionName(String base) {
        return count == 1 ? base : base + "#" + index + "/" + count;
    }
}
