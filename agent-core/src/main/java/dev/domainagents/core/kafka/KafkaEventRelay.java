package dev.domainagents.core.kafka;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.SignalAgent;
import dev.domainagents.core.delivery.PermanentFailure;
import dev.domainagents.core.delivery.RetryPolicy;
import dev.domainagents.core.delivery.TransientFailure;
import dev.domainagents.core.store.RecordedEvent;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Publishes the domain events (every type, or those {@code kafka.events.types} names) to
 * Kafka: one topic per aggregate type, keyed by aggregate id ({@link EventRecords}).
 *
 * <p>Guarantees: at least once, in order per aggregate. The relay reads through its durable
 * subscription, and an event counts as handled only once the broker acknowledged it (idempotent
 * producer, {@code acks=all}); the events of one aggregate are sent one after the other, each
 * after the previous one's acknowledgement, so a retried send cannot overtake. A broker outage
 * holds the batch (and its transaction) until {@code kafka.deliveryTimeoutMs} runs out, then
 * fails it; it is retried with the backoff of {@code agents.kafka-event-relay.retry} (or
 * {@code delivery.retry}), its attempts unlimited, for as long as it takes: never dead-lettered,
 * never skipped. After a crash or a failed batch, events already acknowledged are sent again:
 * a consumer drops the copies by their {@code eventId} header. Only a record Kafka can never
 * take (too large, unserialisable) goes to the dead letters, parking its aggregate's later
 * events behind it.
 */
public final class KafkaEventRelay extends SignalAgent {
    public static final String NAME = "kafka-event-relay";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventRelay.class);

    private final KafkaSettings settings;
    private final EventRecords records;
    private KafkaProducer<String, String> producer;
    private final Set<String> topicsKnown = new HashSet<>();

    public KafkaEventRelay(AgentRuntime runtime, KafkaSettings settings) {
        super(NAME, runtime);
        this.settings = settings;
        this.records = new EventRecords(settings);
        relay(settings.eventTypes(), (event, context) -> publish(event));
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(settings, "domain-agents-events"));
        // a failed send fails its future, which the subscription retries and logs; this is the same failure again
        producer.exceptionHandler(failure -> LOG.debug("kafka.events.send.failed reason={}", failure.toString()));
        return super.start();
    }

    @Override
    public Future<?> stop() {
        return super.stop().eventually(() -> producer.close(KafkaClients.CLOSE_TIMEOUT.toMillis()));
    }

    /** The configured backoff, without a last attempt: an unreachable broker is waited out. */
    @Override
    protected RetryPolicy retryPolicy() {
        RetryPolicy configured = super.retryPolicy();
        return new RetryPolicy(Integer.MAX_VALUE, configured.initialDelay(), configured.maxDelay(),
                configured.multiplier(), configured.jitter());
    }

    private Future<Void> publish(RecordedEvent event) {
        KafkaProducerRecord<String, String> record;
        try {
            record = records.of(event);
        } catch (RuntimeException e) {
            return Future.failedFuture(new PermanentFailure("cannot make a Kafka record of the event: " + e.getMessage(), e));
        }
        return topicExists(record.topic())
                .compose(exists -> producer.send(record)).<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(classify(failure)));
    }

    /** Creates the event's topic on its first event since the start (see {@link KafkaTopics}); a broker away fails the send. */
    private Future<Void> topicExists(String topic) {
        if (topicsKnown.contains(topic)) {
            return Future.succeededFuture();
        }
        return KafkaTopics.ensure(vertx, settings, List.of(topic)).onSuccess(ensured -> topicsKnown.add(topic));
    }

    /** A record Kafka will never take is a permanent failure; anything else (the broker away, a timeout) passes. */
    private static RuntimeException classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof SerializationException
                    || cause instanceof InvalidTopicException) {
                return new PermanentFailure("Kafka refuses the record: " + cause.getMessage(), cause);
            }
        }
        return new TransientFailure("Kafka did not acknowledge the record: " + failure.getMessage(), failure);
    }
}
