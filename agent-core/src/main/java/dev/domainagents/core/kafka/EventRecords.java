package dev.domainagents.core.kafka;

import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.store.RecordedEvent;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/**
 * How a stored event looks on Kafka. Topic: {@code <topicPrefix>.<aggregate type>}, the type's
 * first segment ({@code order.placed} to {@code domain-agents.order}). Key: the aggregate id,
 * so that one aggregate's events share a partition and keep their order. Value: the envelope
 * as JSON (API.md's envelope shape) with {@code streamId} and {@code streamVersion}. Headers:
 * {@code eventId} (the key to drop a repeated record by), {@code type}, {@code correlationId},
 * {@code causationId} when there is one, {@code streamVersion}, and the envelope's trace context
 * headers ({@code traceparent}, ...) as they are.
 */
public final class EventRecords {
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String STREAM_VERSION = "streamVersion";

    private final KafkaSettings settings;

    EventRecords(KafkaSettings settings) {
        this.settings = settings;
    }

    KafkaProducerRecord<String, String> of(RecordedEvent event) {
        Envelope envelope = event.envelope();
        String key = envelope.aggregateId() != null ? envelope.aggregateId() : event.streamId();
        String value = envelope.toJson().put("streamId", event.streamId()).put("streamVersion", event.version()).encode();
        KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(settings.topicOf(event.type()), key, value);
        envelope.headers().forEach(record::addHeader);
        record.addHeader(EVENT_ID, envelope.messageId().toString());
        record.addHeader(TYPE, envelope.type());
        record.addHeader(STREAM_VERSION, String.valueOf(event.version()));
        if (envelope.correlationId() != null) {
            record.addHeader(CORRELATION_ID, envelope.correlationId());
        }
        if (envelope.causationId() != null) {
            record.addHeader(CAUSATION_ID, envelope.causationId().toString());
        }
        return record;
    }
}
