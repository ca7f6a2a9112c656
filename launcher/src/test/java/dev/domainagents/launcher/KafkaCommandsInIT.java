package dev.domainagents.launcher;

import dev.domainagents.core.kafka.KafkaCommandIngress;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands in from a real KRaft broker, started by the launcher's {@code --kafka-embedded} in a node
 * run from the launcher jar in a JVM of its own:
 * records become orders, checked exactly as {@code POST /orders} checks them; a refused record
 * goes to the dead-letter topic with the error and the records behind it still become orders;
 * a repeated record makes one order; and a record whose order cannot be stored yet (no order
 * agent in the process) is not committed until it is.
 */
class KafkaCommandsInIT {
    private static final String TOPIC = "domain-agents.commands";
    private static final String DEAD_LETTERS = "domain-agents.commands.dead-letters";
    private static final String GROUP = "domain-agents-commands";
    private static final Map<String, String> PLACE = Map.of(KafkaCommandIngress.TYPE, "order.place");
    private static final JsonObject CONFIG = new JsonObject().put("stock", new JsonObject().put("seed",
            new JsonArray().add(new JsonObject().put("sku", "SKU-Q").put("available", 1_000))));

    @TempDir
    static Path dataDir;
    private static ProcessPlatform platform;
    private static String kafka;

    @BeforeAll
    static void start() throws Exception {
        int brokerPort = LauncherProcess.freePort();
        platform = ProcessPlatform.start(dataDir, CONFIG.copy().put("kafka", new JsonObject().put("embeddedPort", brokerPort)),
                "--kafka-embedded");
        kafka = "127.0.0.1:" + brokerPort;
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
    }

    @Test
    void embeddedBrokerKeepsItsDataUnderTheDataDirectory() {
        assertThat(Files.exists(dataDir.resolve("data").resolve("kafka").resolve("meta.properties"))).isTrue();
    }

    @Test
    void refusedRecordsGoToTheDeadLetterTopicAndTheRecordsBehindThemStillBecomeOrders() throws Exception {
        // a type no intake takes, unique to this run: were it a metric tag, /metrics would show it
        String madeUpType = "made-up-" + java.util.UUID.randomUUID();
        JsonObject invalid = order("c-bad").put("customerId", " ");
        invalid.getJsonArray("items").getJsonObject(0).put("quantity", 0);
        long start = endOfPartitionZero();
        KafkaForTests.produce(kafka, List.of(
                record("in-1", order("c-in-1").encode(), PLACE),
                record("in-2", "{not json", PLACE),
                record("in-3", invalid.encode(), PLACE),
                record("in-4", order("c-in-4").encode(), PLACE),
                record("in-5", order("c-in-5").encode(), Map.of(KafkaCommandIngress.TYPE, madeUpType)),
                record("in-6", order("c-in-6").encode(), PLACE)));

        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == start + 6);
        assertThat(orderIdsOf("in-1", "in-4", "in-6")).hasSize(3);
        assertThat(platform.count("SELECT count(*) FROM order_idempotency_keys WHERE idempotency_key IN ('in-2', 'in-3', 'in-5')")).isZero();
        String orderId = orderIdsOf("in-6").get(0);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "CONFIRMED".equals(platform.http().get("/orders/" + orderId).json().getString("status")));

        List<ConsumerRecord<String, String>> dead = deadLetters(3, "in-");
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("in-2", "in-3", "in-5");
        assertThat(error(dead.get(0)).getString("error")).isEqualTo("malformed_json");
        assertThat(error(dead.get(2)).getString("error")).isEqualTo("unknown_command");
        assertThat(dead.get(1).value()).isEqualTo(invalid.encode());
        assertThat(KafkaForTests.header(dead.get(1), "sourceOffset")).isEqualTo(String.valueOf(start + 2));
        Response overHttp = platform.http().post("/orders", invalid.encode(), "Content-Type", "application/json",
                "Idempotency-Key", "in-3");
        assertThat(overHttp.status()).isEqualTo(400);
        assertThat(error(dead.get(1))).isEqualTo(overHttp.json());
        String metrics = platform.http().get("/metrics").body();
        assertThat(metrics).doesNotContain(madeUpType);
        assertThat(metrics).contains("agent_messages_dead_lettered_total{agent=\"" + KafkaCommandIngress.NAME + "\",type=\"unknown\"}");
    }

    @Test
    void aRepeatedRecordMakesOneOrderAndAKeyReusedForAnotherOrderIsRefused() throws Exception {
        long start = endOfPartitionZero();
        String body = order("c-dup").encode();
        KafkaForTests.produce(kafka, List.of(
                record("dup-1", body, PLACE),
                record("dup-1", body, PLACE),
                record("dup-1", order("c-other").encode(), PLACE),
                record("dup-1", body, PLACE)));

        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == start + 4);
        assertThat(platform.count("SELECT count(*) FROM order_view WHERE customer_id = 'c-dup'")).isEqualTo(1);
        assertThat(platform.count("SELECT count(*) FROM order_view WHERE customer_id = 'c-other'")).isZero();
        List<ConsumerRecord<String, String>> dead = deadLetters(1, "dup-");
        assertThat(error(dead.get(0)).getString("error")).isEqualTo("idempotency_key_reused");
        assertThat(new JsonObject(dead.get(0).value()).getString("customerId")).isEqualTo("c-other");
    }

    @Test
    void aRecordWhoseOrderCannotBeStoredYetStaysUncommittedUntilItIs(@TempDir Path temp) throws Exception {
        String topic = "held.commands";
        String group = "held-commands";
        JsonObject ownTopic = CONFIG.copy().put("kafka", new JsonObject().put("bootstrapServers", kafka).put("topicPrefix", "held")
                .put("commands", new JsonObject().put("topic", topic).put("deadLetterTopic", "held.dead-letters").put("groupId", group)));
        // a node without the order agent: its ingress cannot place the order, so it retries the record
        try (ProcessPlatform withoutOrders = ProcessPlatform.start(temp, ownTopic, "--agents=http,stock,payment")) {
            KafkaForTests.produce(kafka, List.of(KafkaForTests.record(topic, 0, "held-1", order("c-held").encode(), PLACE)));

            await().atMost(Duration.ofSeconds(30)).until(() -> retriedRecords(withoutOrders) >= 2);
            assertThat(KafkaForTests.committedOffset(kafka, group, topic, 0)).isEqualTo(-1);

            withoutOrders.restart("--agents=order");

            await().atMost(Duration.ofSeconds(30)).until(() -> KafkaForTests.committedOffset(kafka, group, topic, 0) == 1);
            assertThat(withoutOrders.count("SELECT count(*) FROM order_idempotency_keys WHERE idempotency_key = 'held-1'")).isEqualTo(1);
        }
    }

    /** Records the node's Kafka ingress had to take again, from its Prometheus metrics. */
    private static double retriedRecords(ProcessPlatform node) {
        return node.http().get("/metrics").body().lines()
                .filter(line -> line.startsWith("agent_messages_retried_total{agent=\"" + KafkaCommandIngress.NAME + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static JsonObject order(String customerId) {
        return new JsonObject().put("customerId", customerId).put("paymentMethod", "card-ok")
                .put("items", new JsonArray().add(new JsonObject().put("sku", "SKU-Q").put("quantity", 1).put("unitPrice", "3.00")));
    }

    /** All on partition 0, so that each record sits behind the ones produced before it. */
    private static ProducerRecord<String, String> record(String key, String value, Map<String, String> headers) {
        return KafkaForTests.record(TOPIC, 0, key, value, headers);
    }

    /** Where the next test's records start: the test before committed everything it produced. */
    private static long endOfPartitionZero() throws Exception {
        return Math.max(0, committed());
    }

    private static long committed() throws Exception {
        return KafkaForTests.committedOffset(kafka, GROUP, TOPIC, 0);
    }

    private static List<String> orderIdsOf(String... keys) {
        return platform.query("SELECT order_id FROM order_idempotency_keys WHERE idempotency_key IN ('"
                + String.join("', '", keys) + "')").stream().map(row -> row.getString("order_id")).toList();
    }

    private static List<ConsumerRecord<String, String>> deadLetters(int count, String keyPrefix) {
        return KafkaForTests.readUntil(kafka, Pattern.compile(Pattern.quote(DEAD_LETTERS)),
                read -> read.stream().filter(record -> record.key().startsWith(keyPrefix)).count() >= count,
                Duration.ofSeconds(30)).stream().filter(record -> record.key().startsWith(keyPrefix)).toList();
    }

    private static JsonObject error(ConsumerRecord<String, String> deadLetter) {
        return new JsonObject(KafkaForTests.header(deadLetter, KafkaCommandIngress.ERROR));
    }
}
