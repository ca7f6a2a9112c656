package dev.domainagents.launcher;

import dev.domainagents.core.kafka.EventRecords;
import dev.domainagents.core.kafka.KafkaEventRelay;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events out to a real KRaft broker, from a node started from the launcher jar in a JVM of its
 * own (the broker runs in the test's, so that the test can stop it): every event of every order reaches its aggregate type's
 * topic, in each aggregate's order, keyed by aggregate id, with its ids as headers; and a
 * broker outage while orders flow delays publication and loses nothing.
 */
class KafkaEventsOutIT {
    private static final String SKU = "SKU-K";

    @TempDir
    static Path brokerDir;
    private static EmbeddedKafka broker;

    @TempDir
    Path temp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafka.start(brokerDir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyEventOfEveryOrderReachesItsTopicInAggregateOrder() throws Exception {
        try (ProcessPlatform platform = ProcessPlatform.start(temp, config("all-orders", 30_000))) {
            placeOrders(platform, 200, "all");
            await().atMost(Duration.ofSeconds(60)).until(() -> terminalOrders(platform) == 200 && settled(platform));

            Map<String, List<String>> stored = storedEventsByStream(platform);
            List<ConsumerRecord<String, String>> published = readAllOf(stored, "all-orders");

            assertThat(mismatches(stored, firstCopiesByKey(published))).isEmpty();
            ConsumerRecord<String, String> placed = published.stream()
                    .filter(record -> "order.placed".equals(KafkaForTests.header(record, EventRecords.TYPE))).findFirst().orElseThrow();
            JsonObject value = new JsonObject(placed.value());
            assertThat(placed.topic()).isEqualTo("all-orders.order");
            assertThat(placed.key()).isEqualTo(value.getString("streamId")).startsWith("order-");
            assertThat(KafkaForTests.header(placed, EventRecords.EVENT_ID)).isEqualTo(value.getString("messageId"));
            assertThat(KafkaForTests.header(placed, EventRecords.CORRELATION_ID)).isEqualTo(value.getString("correlationId"))
                    .isEqualTo(placed.key().substring("order-".length()));
            assertThat(published).extracting(ConsumerRecord::topic).contains("all-orders.stock", "all-orders.payment");
        }
    }

    @Test
    void brokerOutageWhileOrdersFlowDelaysPublicationAndLosesNothing() throws Exception {
        // a short delivery timeout, so that the outage also fails sends, and the relay must retry them
        try (ProcessPlatform platform = ProcessPlatform.start(temp, config("outage", 2_000))) {
            placeOrders(platform, 40, "before");
            broker.stop();
            try {
                placeOrders(platform, 60, "during");
                await().atMost(Duration.ofSeconds(60)).until(() -> terminalOrders(platform) == 100);
                assertThat(unpublished(platform)).as("events stored during the outage wait for the broker").isPositive();
            } finally {
                broker.start();
            }
            placeOrders(platform, 40, "after");
            await().atMost(Duration.ofSeconds(60)).until(() -> terminalOrders(platform) == 140 && settled(platform));

            Map<String, List<String>> stored = storedEventsByStream(platform);
            List<ConsumerRecord<String, String>> published = readAllOf(stored, "outage");

            assertThat(mismatches(stored, firstCopiesByKey(published))).isEmpty();
            assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE consumer = '" + KafkaEventRelay.NAME + "'")).isZero();
        }
    }

    private static JsonObject config(String topicPrefix, int deliveryTimeoutMs) {
        return new JsonObject()
                .put("kafka", new JsonObject().put("bootstrapServers", broker.bootstrapServers()).put("topicPrefix", topicPrefix)
                        .put("deliveryTimeoutMs", deliveryTimeoutMs))
                .put("stock", new JsonObject().put("seed", new JsonArray().add(new JsonObject().put("sku", SKU).put("available", 1_000_000))));
    }

    /** Orders over HTTP, every fourth one declined (so that compensations publish too). */
    private static void placeOrders(ProcessPlatform platform, int count, String batch) {
        for (int i = 0; i < count; i++) {
            String body = new JsonObject().put("customerId", "c-" + batch + "-" + i).put("paymentMethod", i % 4 == 3 ? "card-declined" : "card-ok")
                    .put("items", new JsonArray().add(new JsonObject().put("sku", SKU).put("quantity", 1).put("unitPrice", "2.50"))).encode();
            assertThat(platform.http().post("/orders", body, "Content-Type", "application/json").status()).isEqualTo(202);
        }
    }

    private static long terminalOrders(ProcessPlatform platform) {
        return platform.count("SELECT count(*) FROM order_view WHERE status <> 'PENDING'");
    }

    /** No command waits in the outbox and the relay has published every stored event. */
    private static boolean settled(ProcessPlatform platform) {
        return platform.count("SELECT count(*) FROM outbox") == 0 && unpublished(platform) == 0;
    }

    /** Stored events the relay has not got past yet. */
    private static long unpublished(ProcessPlatform platform) {
        return platform.count("SELECT count(*) FROM events e, checkpoints c WHERE c.subscription = '" + KafkaEventRelay.NAME
                + "' AND (e.tx_id, e.position) > (c.tx_id, c.position)");
    }

    /** Every stored event's id, by stream, in stream order. */
    private static Map<String, List<String>> storedEventsByStream(ProcessPlatform platform) {
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        for (Row row : platform.query("SELECT stream_id, event_id FROM events ORDER BY stream_id, version")) {
            byStream.computeIfAbsent(row.getString("stream_id"), stream -> new ArrayList<>()).add(row.getUUID("event_id").toString());
        }
        return byStream;
    }

    /** Reads the prefix's topics until every stored event was seen. */
    private static List<ConsumerRecord<String, String>> readAllOf(Map<String, List<String>> stored, String topicPrefix) {
        Set<String> expected = stored.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        return KafkaForTests.readUntil(broker.bootstrapServers(), Pattern.compile(Pattern.quote(topicPrefix) + "\\..+"),
                read -> read.stream().map(record -> KafkaForTests.header(record, EventRecords.EVENT_ID)).collect(Collectors.toSet())
                        .containsAll(expected),
                Duration.ofSeconds(60));
    }

    /**
     * The streams whose stored events Kafka has otherwise (missing, or in another order), with both
     * lists: empty when all match. Events stored after {@code stored} was read are left out.
     */
    private static Map<String, List<List<String>>> mismatches(Map<String, List<String>> stored, Map<String, List<String>> published) {
        Set<String> known = stored.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        Map<String, List<List<String>>> different = new LinkedHashMap<>();
        Set<String> streams = new LinkedHashSet<>(stored.keySet());
        streams.addAll(published.keySet());
        for (String stream : streams) {
            List<String> inStore = stored.getOrDefault(stream, List.of());
            List<String> inKafka = published.getOrDefault(stream, List.of()).stream().filter(known::contains).toList();
            if (!inStore.equals(inKafka)) {
                different.put(stream, List.of(inStore, inKafka));
            }
        }
        return different;
    }

    /** Event ids by record key, in the order read (one key lives in one partition), each id at its first copy only. */
    private static Map<String, List<String>> firstCopiesByKey(List<ConsumerRecord<String, String>> published) {
        Map<String, LinkedHashSet<String>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : published) {
            byKey.computeIfAbsent(record.key(), key -> new LinkedHashSet<>()).add(KafkaForTests.header(record, EventRecords.EVENT_ID));
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        byKey.keySet().stream().sorted().forEach(key -> ordered.put(key, List.copyOf(byKey.get(key))));
        return ordered;
    }
}
