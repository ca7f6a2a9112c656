package dev.domainagents.core.store;

/**
 * Where an event stands in the global order: its writing transaction's id, then its
 * sequence number. Readers order by both and only read below the oldest transaction
 * still in flight, so an event whose transaction commits late is never skipped.
 */
public record GlobalPosition(long transactionId, long sequence) implements Comparable<GlobalPosition> {
    public static final GlobalPosition START = new GlobalPosition(0, 0);

    @Override
    public int compareTo(GlobalPosition other) {
        int byTransaction = Long.compare(transactionId, other.transactionId);
        return byTransaction != 0 ? byTransaction : Long.compare(sequence, other.sequence);
    }
}
