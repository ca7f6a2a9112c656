package dev.domainagents.core.message;

import dev.domainagents.core.fixtures.CounterMessages.Increment;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeCodecTest {
    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void envelopeSurvivesTheWireWithEveryField() {
        Envelope sent = new Envelope(UUID.randomUUID(), "counter.increment", MessageKind.COMMAND, "c-1", "order-9",
                UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05.678Z"), 2, Map.of("traceparent", "00-abc-def-01"),
                new Increment("c-1", 3));
        Buffer wire = Buffer.buffer("prefix");

        codec.encodeToWire(wire, sent);
        Envelope received = codec.decodeFromWire("prefix".length(), wire);

        assertThat(received.payloadAs(Increment.class)).isEqualTo(new Increment("c-1", 3));
        assertThat(received).usingRecursiveComparison().ignoringFields("payload").isEqualTo(sent);
    }

    @Test
    void localDeliveryPassesTheSameInstance() {
        Envelope sent = Envelope.of(MessageKind.EVENT, "c-1", "c-1", new Increment("c-1", 1), Instant.now());

        assertThat(codec.transform(sent)).isSameAs(sent);
    }

    @Test
    void causedMessageKeepsTheFlowAndNamesItsCause() {
        Envelope command = Envelope.of(MessageKind.COMMAND, "c-1", "order-9", new Increment("c-1", 1), Instant.now());

        Envelope event = command.causing(MessageKind.EVENT, "counter-c-1", new Increment("c-1", 1), Instant.now());

        assertThat(event.correlationId()).isEqualTo("order-9");
        assertThat(event.causationId()).isEqualTo(command.messageId());
        assertThat(event.messageId()).isNotEqualTo(command.messageId());
    }
}
