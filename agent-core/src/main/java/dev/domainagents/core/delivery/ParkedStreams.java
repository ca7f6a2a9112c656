package dev.domainagents.core.delivery;

import dev.domainagents.core.store.GlobalPosition;
import dev.domainagents.core.store.RecordedEvent;

import java.util.List;
import java.util.Map;

/**
 * The streams a subscription holds back, as its rows in {@code dead_letters} say at one moment
 * (read by {@link DeadLetters#parkedStreams}): for each stream, its first letter, the one with
 * the lowest version. Those rows are the only truth: every node reads them again for each batch,
 * so a burial, redrive or discard made anywhere in the cluster holds on every node at its next
 * batch, a lease taken over included.
 *
 * <p>An event of such a stream at or after its first letter's version waits behind it (is
 * parked); an earlier one, met again when a projection replays from zero, is handled as before.
 */
public final class ParkedStreams {
    /** A stream's first letter: its version, its status, and its event's place in the global order. */
    record Head(long version, DeadLetter.Status status, GlobalPosition position) {
    }

    private final Map<String, Head> heads;

    ParkedStreams(Map<String, Head> heads) {
        this.heads = Map.copyOf(heads);
    }

    /** Whether {@code event} must wait behind a dead letter of its stream. */
    public boolean holdsBack(RecordedEvent event) {
        Head head = heads.get(event.streamId());
        return head != null && event.version() >= head.version();
    }

    /**
     * The streams whose first letter is no longer dead (an operator redrove it, or discarded the
     * dead one before it) and that the subscription has read past ({@code checkpoint}): their
     * letters are to be handled now, in stream order. A stream whose first letter lies beyond the
     * checkpoint (a projection replaying from zero) waits until the replay has passed it.
     */
    public List<String> readyAt(GlobalPosition checkpoint) {
        return heads.entrySet().stream()
                .filter(stream -> stream.getValue().status() != DeadLetter.Status.DEAD
                        && stream.getValue().position() != null
                        && stream.getValue().position().compareTo(checkpoint) <= 0)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
