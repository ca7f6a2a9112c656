package dev.domainagents.core.kafka;

import dev.domainagents.core.agent.AgentMetrics;
import dev.domainagents.core.delivery.RetryPolicy;
import dev.domainagents.core.http.HttpReplies;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Takes commands from the commands topic ({@code kafka.commands.topic}): each record names its
 * command in its {@code type} header, carries the command as a JSON object, and its key is the
 * idempotency key. The module's {@link CommandIntake} for that type checks and sends it.
 *
 * <p>Guarantees: a record's offset is committed only once its command's effect is stored, or
 * once it was refused and its copy acknowledged on the dead-letter topic
 * ({@code kafka.commands.deadLetterTopic}, the reason in the {@code error} header, where it came
 * from in {@code sourceTopic}, {@code sourcePartition}, {@code sourceOffset}). A refused record
 * never holds up the ones behind it. A record that could not be taken now (an agent away, the
 * database down) is taken again, with backoff, and holds up the later records of its partition
 * (each partition is worked in order; partitions side by side), so nothing is committed
 * before it. After a crash or a rebalance, records are taken again: intakes make that harmless
 * (the idempotency key).
 */
public final class KafkaCommandIngress extends VerticleBase {
    /** Its name in the metrics ({@code agent} tag): records taken count as handled, refused ones as dead-lettered, retried ones as retried. */
    public static final String NAME = "kafka-command-ingress";
    public static final String TYPE = "type";
    public static final String ERROR = "error";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandIngress.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String UNKNOWN_TYPE = "unknown";

    private final KafkaSettings settings;
    private final Map<String, CommandIntake> intakes;
    private final RetryPolicy retry;
    private final AgentMetrics metrics;
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> deadLetters;
    private Future<Void> cycle = Future.succeededFuture();
    private boolean stopped;
    private int failedCycles;

    public KafkaCommandIngress(KafkaSettings settings, Map<String, CommandIntake> intakes, RetryPolicy retry,
                               AgentMetrics metrics) {
        this.settings = settings;
        this.intakes = Map.copyOf(intakes);
        this.retry = retry;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        consumer = KafkaConsumer.create(vertx, KafkaClients.consumerConfig(settings, "domain-agents-commands"));
        deadLetters = KafkaProducer.create(vertx, KafkaClients.producerConfig(settings, "domain-agents-command-dead-letters"));
        // a failed send fails its future, and the record is taken again; this is the same failure again
        deadLetters.exceptionHandler(failure -> LOG.debug("kafka.commands.dead-letter.failed reason={}", failure.toString()));
        consumer.exceptionHandler(failure -> LOG.warn("kafka.commands.consumer.failed reason={}", failure.toString()));
        return KafkaTopics.ensure(vertx, settings, List.of(settings.commandsTopic(), settings.deadLetterTopic()))
                .recover(unreachable -> { // the broker is down: the consumer waits for it, and finds the topics it made
                    LOG.warn("kafka.commands.topics.unchecked reason={}", unreachable.toString());
                    return Future.succeededFuture();
                })
                .compose(ensured -> consumer.subscribe(settings.commandsTopic())).onSuccess(subscribed -> {
            LOG.info("kafka.commands.listening topic={} deadLetterTopic={} group={} types={}", settings.commandsTopic(),
                    settings.deadLetterTopic(), settings.commandsGroup(), String.join(",", new TreeSet<>(intakes.keySet())));
            poll();
        });
    }

    /** Stops polling; the records in hand are finished and committed first. */
    @Override
    public Future<?> stop() {
        stopped = true;
        return cycle.otherwiseEmpty()
                .eventually(() -> consumer.close())
                .eventually(() -> deadLetters.close(KafkaClients.CLOSE_TIMEOUT.toMillis()));
    }

    private void poll() {
        if (stopped) {
            return;
        }
        cycle = consumer.poll(POLL_TIMEOUT).compose(this::takeAll);
        cycle.onComplete(done -> {
            if (done.succeeded() && failedCycles == 0) {
                poll();
                return;
            }
            if (done.failed()) {
                failedCycles++;
                LOG.warn("kafka.commands.cycle.failed attempt={} reason={}", failedCycles, done.cause().toString());
            }
            vertx.setTimer(retry.delayAfter(Math.max(1, failedCycles)).toMillis(), id -> poll());
        });
    }

    /**
     * Takes each partition's records in order, partitions side by side, then commits what was
     * finished. A partition whose record could not be taken is rewound to that record.
     */
    private Future<Void> takeAll(KafkaConsumerRecords<String, String> polled) {
        Map<TopicPartition, List<KafkaConsumerRecord<String, String>>> byPartition = new LinkedHashMap<>();
        for (int i = 0; i < polled.size(); i++) {
            KafkaConsumerRecord<String, String> record = polled.recordAt(i);
            byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>()).add(record);
        }
        Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
        List<Future<Boolean>> partitions = byPartition.entrySet().stream()
                .map(partition -> takeInOrder(partition.getKey(), partition.getValue(), 0, finished))
                .toList();
        return Future.all(partitions).compose(all -> {
            boolean stalled = partitions.stream().anyMatch(partition -> !partition.result());
            failedCycles = stalled ? failedCycles + 1 : 0;
            return finished.isEmpty() ? Future.succeededFuture() : consumer.commit(finished).mapEmpty();
        });
    }

    /** Answers true when every record was finished; false when one must be taken again (the partition is rewound to it). */
    private Future<Boolean> takeInOrder(TopicPartition partition, List<KafkaConsumerRecord<String, String>> records, int index,
                                        Map<TopicPartition, OffsetAndMetadata> finished) {
        if (index == records.size()) {
            return Future.succeededFuture(true);
        }
        KafkaConsumerRecord<String, String> record = records.get(index);
        return attempt(record).compose(
                done -> {
                    finished.put(partition, new OffsetAndMetadata(record.offset() + 1, ""));
                    return takeInOrder(partition, records, index + 1, finished);
                },
                failure -> {
                    metrics.retried(NAME, typeTag(record));
                    LOG.warn("kafka.commands.record.retry topic={} partition={} offset={} key={} reason={}",
                            record.topic(), record.partition(), record.offset(), record.key(), failure.toString());
                    return consumer.seek(partition, record.offset()).map(false);
                });
    }

    /** An intake that throws instead of failing its future is treated the same way: the record is taken again. */
    private Future<Void> attempt(KafkaConsumerRecord<String, String> record) {
        try {
            return takeOne(record);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Succeeds once the record is finished: its command stored, or its refusal on the dead-letter topic. */
    private Future<Void> takeOne(KafkaConsumerRecord<String, String> record) {
        Timer.Sample sample = metrics.startHandling();
        Optional<CommandIntake> intake = header(record, TYPE).map(intakes::get);
        if (intake.isEmpty()) {
            return refuse(record, error("unknown_command", "the record's '" + TYPE + "' header must name one of: "
                    + String.join(", ", new TreeSet<>(intakes.keySet()))));
        }
        Optional<JsonObject> value = jsonObject(record.value());
        if (value.isEmpty()) {
            return refuse(record, error("malformed_json", "the record's value must be a JSON object"));
        }
        return intake.get().take(record.key(), value.get()).compose(outcome -> {
            if (outcome.accepted()) {
                metrics.handled(NAME, typeTag(record), sample);
                LOG.debug("kafka.commands.accepted offset={} key={} reference={}", record.offset(), record.key(), outcome.reference());
                return Future.succeededFuture();
            }
            return refuse(record, outcome.error());
        });
    }

    private Future<Void> refuse(KafkaConsumerRecord<String, String> record, JsonObject error) {
        LOG.info("kafka.commands.refused topic={} partition={} offset={} key={} error={}",
                record.topic(), record.partition(), record.offset(), record.key(), error.encode());
        KafkaProducerRecord<String, String> copy = KafkaProducerRecord.create(settings.deadLetterTopic(), record.key(), record.value());
        metrics.deadLettered(NAME, typeTag(record));
        record.headers().forEach(header -> copy.addHeader(header.key(), header.value()));
        copy.addHeader(ERROR, error.encode())
                .addHeader("sourceTopic", record.topic())
                .addHeader("sourcePartition", String.valueOf(record.partition()))
                .addHeader("sourceOffset", String.valueOf(record.offset()));
        return deadLetters.send(copy).mapEmpty();
    }

    /**
     * The record's type as a metric tag: one of the intakes' types, else {@code unknown}. A header
     * is whatever a producer wrote: as a tag, each made-up value would be a new time series.
     */
    private String typeTag(KafkaConsumerRecord<String, String> record) {
        return header(record, TYPE).filter(intakes::containsKey).orElse(UNKNOWN_TYPE);
    }

    private static Optional<String> header(KafkaConsumerRecord<String, String> record, String name) {
        String found = null;
        for (KafkaHeader header : record.headers()) {
            if (name.equals(header.key()) && header.value() != null) {
                found = header.value().toString();
            }
        }
        return Optional.ofNullable(found);
    }

    private static Optional<JsonObject> jsonObject(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Json.decodeValue(value) instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    private static JsonObject error(String code, String message) {
        return HttpReplies.errorBody(code, message, new JsonArray());
    }
}
