package dev.domainagents.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Plain Kafka clients, as a user of the bridge would have them: read topics from the start, produce records. */
final class KafkaForTests {
    private KafkaForTests() {
    }

    /**
     * Reads the topics matching {@code topics} from their start, in each partition's order, until
     * what was read satisfies {@code enough}; fails after {@code timeout}, showing how many it read.
     */
    static List<ConsumerRecord<String, String>> readUntil(String bootstrapServers, Pattern topics,
                                                          Predicate<List<ConsumerRecord<String, String>>> enough,
                                                          Duration timeout) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "test-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "enable.auto.commit", "false", "metadata.max.age.ms", "500");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(topics);
            while (!enough.test(read)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + ", " + read.size() + " records of " + topics
                            + " were read, and they are not enough");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** A record for {@code partition} of {@code topic}, with text headers. */
    static ProducerRecord<String, String> record(String topic, int partition, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** Produces {@code records} in this order and waits for the broker's acknowledgement of each. */
    static void produce(String bootstrapServers, List<ProducerRecord<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                "acks", "all", "enable.idempotence", "true"), new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The offset {@code group} committed on {@code partition} of {@code topic}, or -1 if none. */
    static long committedOffset(String bootstrapServers, String group, String topic, int partition) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, partition));
            return committed == null ? -1 : committed.offset();
        }
    }

    /** The text of the record's last header {@code name}, or null. */
    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
