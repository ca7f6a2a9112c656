package dev.domainagents.core.store;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelatedEventsTest {
    private long position;

    @Test
    void eventsSharingAStreamOrAFlowStayTogetherInOrderAndOthersStandApart() {
        RecordedEvent a1 = event("stock-A", "order-1");
        RecordedEvent b1 = event("stock-B", "order-2");
        RecordedEvent a2 = event("stock-A", "order-3");
        RecordedEvent c1 = event("payment-3", "order-3");
        RecordedEvent d1 = event("payment-4", "order-4");
        RecordedEvent e1 = event("loose", null);

        List<List<RecordedEvent>> groups = RelatedEvents.groups(List.of(a1, b1, a2, c1, d1, e1));

        // stock-A links order-1 and order-3, and order-3 links payment-3
        assertThat(groups).containsExactly(List.of(a1, a2, c1), List.of(b1), List.of(d1), List.of(e1));
    }

    private RecordedEvent event(String stream, String correlationId) {
        position++;
        Envelope envelope = Envelope.of(MessageKind.EVENT, stream, correlationId, new Incremented(stream, 1), Instant.now());
        return new RecordedEvent(new GlobalPosition(1, position), stream, position, envelope);
    }
}
