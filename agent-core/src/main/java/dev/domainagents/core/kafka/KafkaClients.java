package dev.domainagents.core.kafka;

import java.time.Duration;
import java.util.Map;

/** The Kafka client settings the bridge relies on, in one place. */
final class KafkaClients {
    /** How long a closing producer waits for its records in flight: a stopping node does not wait out a broker outage. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final String STRING_SERIALIZER = "org.apache.kafka.common.serialization.StringSerializer";
    private static final String STRING_DESERIALIZER = "org.apache.kafka.common.serialization.StringDeserializer";

    private KafkaClients() {
    }

    /**
     * An idempotent producer that waits for every in-sync replica ({@code acks=all}): a record
     * the broker acknowledged is stored, and the producer's own retries never write it twice.
     * It keeps retrying a record for {@code deliveryTimeout} before its send fails.
     */
    static Map<String, String> producerConfig(KafkaSettings settings, String clientId) {
        long deliveryTimeout = settings.deliveryTimeout().toMillis();
        return Map.of(
                "bootstrap.servers", settings.bootstrapServers(),
                "client.id", clientId,
                "key.serializer", STRING_SERIALIZER,
                "value.serializer", STRING_SERIALIZER,
                "enable.idempotence", "true",
                "acks", "all",
                "max.in.flight.requests.per.connection", "5",
                "delivery.timeout.ms", String.valueOf(deliveryTimeout),
                "request.timeout.ms", String.valueOf(Math.min(30_000, deliveryTimeout / 2)),
                "max.block.ms", String.valueOf(deliveryTimeout));
    }

    /** A consumer of the commands group that commits only what the ingress says it finished. */
    static Map<String, String> consumerConfig(KafkaSettings settings, String clientId) {
        return Map.of(
                "bootstrap.servers", settings.bootstrapServers(),
                "client.id", clientId,
                "group.id", settings.commandsGroup(),
                "key.deserializer", STRING_DESERIALIZER,
                "value.deserializer", STRING_DESERIALIZER,
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "max.poll.records", "100");
    }
}
