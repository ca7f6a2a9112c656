package dev.domainagents.launcher;

import ch.qos.logback.classic.Level;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.PostgresServerControl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops for several seconds while clients place orders, then comes back. Nothing
 * accepted is lost, nothing refused is half-stored, and the platform resumes on its own.
 */
class DatabaseOutageTest {
    private static final List<String> SKUS = List.of("SKU-O1", "SKU-O2");
    private static final int INITIAL_STOCK = 1_000;
    private static final int CLIENTS = 4;
    /**
     * Every request is answered before the HTTP ingress's own reply timeout (10 s): a 503 only from
     * that timeout would mean an agent held the command instead of answering that it could not store it.
     */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Pattern LOOP_LINE = Pattern.compile("(loop\\.failing|loop\\.recovered) loop=(\\S+)");
    private static final Pattern LEASE_LINE = Pattern.compile("(lease\\.lost|lease\\.acquired) lease=(\\S+)");

    @TempDir
    Path temp;

    @Test
    void ordersPlacedDuringAnOutageAreRefusedWith503OrStoredAndAllAcceptedOnesComplete() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture(Level.INFO, "dev.domainagents.core");
             LaunchedPlatform platform = LaunchedPlatform.startWithOwnDatabase(temp, new JsonObject())) {
            HttpClientForTests http = platform.http();
            SKUS.forEach(sku -> assertThat(http.put("/stock/" + sku, new JsonObject().put("available", INITIAL_STOCK).encode(),
                    "Content-Type", "application/json").status()).isEqualTo(200));
            PostgresServerControl postgres = PostgresServerControl.of(LaunchedPlatform.ownDatabaseDir(temp));
            List<Placement> placements;
            try (Clients clients = new Clients(http)) {
                clients.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> clients.accepted() >= 20);

                postgres.stop();
                long stoppedAt = System.nanoTime();
                try {
                    assertReadinessIsDown(http);
                    await().atMost(Duration.ofSeconds(20)).until(() -> clients.refusedSince(stoppedAt) >= CLIENTS
                            && Duration.ofNanos(System.nanoTime() - stoppedAt).compareTo(OUTAGE) >= 0);
                    assertThat(clients.acceptedSince(stoppedAt)).as("nothing is accepted while nothing can be stored").isZero();
                } finally {
                    postgres.start();
                }
                int acceptedBefore = clients.accepted();

                await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/ready").status() == 200);
                await().atMost(Duration.ofSeconds(30)).until(() -> clients.accepted() >= acceptedBefore + 20);
                placements = clients.stop();
            }
            Map<String, String> orderOfKey = resendRefused(http, placements);

            assertThat(placements).allSatisfy(DatabaseOutageTest::acceptedOrRefusedInTheErrorShape);
            assertThat(placements).filteredOn(p -> p.status() == 503).as("refused during the outage").isNotEmpty();
            assertThat(placements).allSatisfy(p -> assertThat(p.took()).as("%s", p).isLessThan(ANSWER_BOUND));
            assertEveryAcceptedOrderCompletes(platform, orderOfKey, placements);
            assertEachLoopLoggedTheOutageOnceAndItsRecovery(logs.lines());
        }
    }

    /** Not a line per poll: a few {@code loop.failing} per loop at most (it may flicker as the server goes), then one {@code loop.recovered}. */
    private static void assertEachLoopLoggedTheOutageOnceAndItsRecovery(List<String> messages) {
        Map<String, List<String>> byLoop = new HashMap<>();
        for (String message : messages) {
            Matcher loop = LOOP_LINE.matcher(message);
            if (loop.find()) {
                byLoop.computeIfAbsent(loop.group(2), name -> new ArrayList<>()).add(loop.group(1));
            }
        }
        assertThat(byLoop).as("loops that met the outage").containsKeys("commands:order");
        byLoop.forEach((loop, lines) -> {
            assertThat(lines).as("outage lines of %s", loop).endsWith("loop.recovered");
            assertThat(lines).as("outage lines of %s", loop).filteredOn("loop.failing"::equals).hasSizeBetween(1, 3);
        });
        assertEachLeaseWasLostWithItsConnectionAndTakenBack(messages);
    }

    /** The durable consumers pause with their leases, whose connection the outage took, and take them back after it. */
    private static void assertEachLeaseWasLostWithItsConnectionAndTakenBack(List<String> messages) {
        Map<String, List<String>> byLease = new HashMap<>();
        for (String message : messages) {
            Matcher lease = LEASE_LINE.matcher(message);
            if (lease.find()) {
                byLease.computeIfAbsent(lease.group(2), name -> new ArrayList<>()).add(lease.group(1));
            }
        }
        for (String lease : List.of("outbox-relay", "saga-deadlines", "inbox-pruner", "subscription:order-saga",
                "subscription:order-view")) {
            assertThat(byLease.get(lease)).as("lease lines of %s", lease).isNotNull()
                    .contains("lease.lost").endsWith("lease.acquired");
            assertThat(byLease.get(lease)).as("lease lines of %s", lease).filteredOn("lease.lost"::equals).hasSizeBetween(1, 3);
        }
    }

    private static void assertReadinessIsDown(HttpClientForTests http) {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/ready").status() == 503);
        long askedAt = System.nanoTime();
        Response notReady = http.get("/ready");
        assertThat(Duration.ofNanos(System.nanoTime() - askedAt)).as("/ready answers at once while the database is down")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().getString("status")).isEqualTo("DOWN");
        assertThat(notReady.json().getJsonObject("checks").getString("agents")).isEqualTo("UP");
        assertThat(notReady.json().getJsonObject("checks").getString("database")).startsWith("DOWN: ").hasSizeGreaterThan(6);
    }

    private static void acceptedOrRefusedInTheErrorShape(Placement placement) {
        assertThat(placement.status()).as("%s", placement).isIn(202, 503);
        if (placement.status() == 503) {
            JsonObject body = new JsonObject(placement.responseBody());
            assertThat(body.getString("error")).isIn("unavailable", "overloaded");
            assertThat(body.getString("message")).isNotBlank();
            assertThat(body.getJsonArray("details")).isNotNull();
            assertThat(placement.retryAfter()).as("Retry-After of %s", placement).isNotNull();
        }
    }

    /** Sends each refused request again, same key and body, as its client would; answers the order of every key. */
    private static Map<String, String> resendRefused(HttpClientForTests http, List<Placement> placements) {
        Map<String, String> orderOfKey = new HashMap<>();
        placements.stream().filter(p -> p.status() == 202)
                .forEach(p -> assertThat(orderOfKey.put(p.key(), p.orderId())).as("one answer per key").isNull());
        placements.stream().filter(p -> p.status() != 202).forEach(refused -> {
            Response again = http.post("/orders", refused.body(), "Content-Type", "application/json",
                    "Idempotency-Key", refused.key());
            assertThat(again.status()).as("%s sent again", refused.key()).isEqualTo(202);
            orderOfKey.put(refused.key(), again.json().getString("orderId"));
        });
        return orderOfKey;
    }

    private static void assertEveryAcceptedOrderCompletes(LaunchedPlatform platform, Map<String, String> orderOfKey,
                                                          List<Placement> placements) {
        HttpClientForTests http = platform.http();
        Map<String, JsonObject> orders = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (String orderId : orderOfKey.values()) {
                if (!orders.containsKey(orderId)) {
                    Response read = http.get("/orders/" + orderId);
                    assertThat(read.status()).as("order %s exists", orderId).isEqualTo(200);
                    if (!"PENDING".equals(read.json().getString("status"))) {
                        orders.put(orderId, read.json());
                    }
                }
            }
            return orders.size() == orderOfKey.size();
        });
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'order.placed'"))
                .as("one order per key").isEqualTo(orderOfKey.size());
        assertThat(orderOfKey.values()).doesNotHaveDuplicates();
        assertThat(placements.stream().filter(p -> p.status() == 202))
                .allSatisfy(p -> assertThat(orderOfKey.get(p.key())).isEqualTo(p.orderId()));

        Map<String, Integer> confirmed = new HashMap<>();
        orders.values().stream().filter(order -> "CONFIRMED".equals(order.getString("status")))
                .flatMap(order -> order.getJsonArray("items").stream().map(JsonObject.class::cast))
                .forEach(line -> confirmed.merge(line.getString("sku"), line.getInteger("quantity"), Integer::sum));
        assertThat(confirmed).as("some orders confirmed").isNotEmpty();
        for (String sku : SKUS) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonObject stock = http.get("/stock/" + sku).json();
                assertThat(stock.getInteger("reserved")).as("reserved %s", sku).isZero();
                assertThat(stock.getInteger("available")).as("available %s", sku)
                        .isEqualTo(INITIAL_STOCK - confirmed.getOrDefault(sku, 0));
            });
        }
        Map<String, Long> captures = new HashMap<>();
        for (Row row : platform.query("SELECT payload->>'orderId' AS order_id, count(*) AS captures FROM events "
                + "WHERE type = 'payment.captured' GROUP BY 1")) {
            captures.put(row.getString("order_id"), row.getLong("captures"));
        }
        orders.forEach((orderId, order) -> assertThat(captures.getOrDefault(orderId, 0L)).as("captures of %s", orderId)
                .isEqualTo("CONFIRMED".equals(order.getString("status")) ? 1L : 0L));
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).as("the outage buried nothing").isZero();
    }

    /** One POST /orders as its client saw it. */
    record Placement(String key, String body, int status, String responseBody, String retryAfter, long sentAt,
                     long answeredAt) {
        Duration took() {
            return Duration.ofNanos(answeredAt - sentAt);
        }

        String orderId() {
            return new JsonObject(responseBody).getString("orderId");
        }
    }

    /**
     * {@link #CLIENTS} clients placing orders one after the other, each with a new Idempotency-Key;
     * after a 503 a client waits the Retry-After it was given (or until stopped) before its next order.
     */
    private static final class Clients implements AutoCloseable {
        private final HttpClientForTests http;
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final ConcurrentLinkedQueue<Placement> placements = new ConcurrentLinkedQueue<>();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final List<Future<?>> running = new ArrayList<>();

        Clients(HttpClientForTests http) {
            this.http = http;
        }

        void start() {
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                running.add(threads.submit(() -> placeUntilStopped(id)));
            }
        }

        int accepted() {
            return (int) placements.stream().filter(p -> p.status() == 202).count();
        }

        long refusedSince(long nanoTime) {
            return placements.stream().filter(p -> p.status() == 503 && p.sentAt() > nanoTime).count();
        }

        long acceptedSince(long nanoTime) {
            return placements.stream().filter(p -> p.status() == 202 && p.sentAt() > nanoTime).count();
        }

        /** Stops placing; answers every placement once each client finished its last request. */
        List<Placement> stop() throws Exception {
            stopped.countDown();
            for (Future<?> client : running) {
                client.get(ANSWER_BOUND.toSeconds() * 2, TimeUnit.SECONDS);
            }
            return List.copyOf(placements);
        }

        @Override
        public void close() {
            stopped.countDown();
            threads.shutdownNow();
        }

        private void placeUntilStopped(int client) {
            for (int n = 0; stopped.getCount() > 0; n++) {
                String key = "outage-" + client + "-" + n;
                String body = order(client, n);
                long sentAt = System.nanoTime();
                Response response = http.post("/orders", body, "Content-Type", "application/json", "Idempotency-Key", key);
                long answeredAt = System.nanoTime();
                String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                placements.add(new Placement(key, body, response.status(), response.body(), retryAfter, sentAt, answeredAt));
                if (response.status() != 202 && retryAfter != null) {
                    awaitStop(Duration.ofSeconds(Long.parseLong(retryAfter)));
                }
            }
        }

        private void awaitStop(Duration atMost) {
            try {
                stopped.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lines of both SKUs, quantities 1-3; one order in four is declined, so compensation runs too. */
        private static String order(int client, int n) {
            JsonArray items = new JsonArray()
                    .add(new JsonObject().put("sku", SKUS.get(0)).put("quantity", 1 + n % 3).put("unitPrice", "2.50"));
            if (n % 2 == 0) {
                items.add(new JsonObject().put("sku", SKUS.get(1)).put("quantity", 1 + client % 3).put("unitPrice", "4.00"));
            }
            return new JsonObject().put("customerId", "c-outage-" + client)
                    .put("paymentMethod", n % 4 == 3 ? "card-declined" : "card-ok")
                    .put("items", items).encode();
        }
    }
}
