package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The order API of API.md end to end: real HTTP into a node started as the launcher starts it. */
class OrderApiTest {
    @TempDir
    static Path temp;
    static LaunchedPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = LaunchedPlatform.start(temp, new JsonObject());
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void paidOrderIsConfirmedWithItsStockSoldAndItsPaymentCapturedOnce() {
        String sku = setStock(10);
        Response placed = post("/orders?wait=20000", order(sku, 2, "card-ok"));

        assertThat(placed.status()).isEqualTo(200);
        JsonObject order = placed.json();
        assertThat(order.getString("status")).isEqualTo("CONFIRMED");
        assertThat(order.getString("reason")).isNull();
        assertThat(order.getString("total")).isEqualTo("21.00");
        assertThat(order.getJsonArray("items").getJsonObject(0).getString("unitPrice")).isEqualTo("10.50");
        assertThat(historyOf(order)).containsExactly("order.placed", "order.confirmed");
        awaitStock(sku, 8, 0);
        assertThat(paymentEvents(order.getString("orderId"))).containsExactly("payment.authorized", "payment.captured");
        assertThat(notifications(order.getString("orderId"))).containsExactly("CONFIRMED");
        assertThat(platform.count("SELECT count(*) FROM deadlines WHERE correlation_id = '" + order.getString("orderId") + "'"))
                .as("a confirmed saga waits on no deadline").isZero();
    }

    @Test
    void orderBeyondTheStockIsCancelledOutOfStockAndNothingIsCharged() {
        String sku = setStock(1);
        JsonObject order = post("/orders?wait=20000", order(sku, 2, "card-ok")).json();

        assertThat(order.getString("status")).isEqualTo("CANCELLED");
        assertThat(order.getString("reason")).isEqualTo("out_of_stock");
        awaitStock(sku, 1, 0);
        assertThat(paymentEvents(order.getString("orderId"))).isEmpty();
        assertThat(notifications(order.getString("orderId"))).containsExactly("CANCELLED");
    }

    @Test
    void declinedCardCancelsTheOrderAndReleasesItsStock() {
        String sku = setStock(5);
        JsonObject order = post("/orders?wait=20000", order(sku, 3, "card-declined")).json();

        assertThat(order.getString("status")).isEqualTo("CANCELLED");
        assertThat(order.getString("reason")).isEqualTo("payment_declined");
        awaitStock(sku, 5, 0);
        assertThat(paymentEvents(order.getString("orderId"))).containsExactly("payment.declined");
    }

    @Test
    void flakyAndSlowCardsEndConfirmed() {
        String sku = setStock(5);
        JsonObject flaky = post("/orders?wait=20000", order(sku, 1, "card-flaky")).json();
        JsonObject slow = post("/orders?wait=20000", order(sku, 1, "card-slow")).json();

        assertThat(flaky.getString("status")).isEqualTo("CONFIRMED");
        assertThat(slow.getString("status")).isEqualTo("CONFIRMED");
        awaitStock(sku, 3, 0);
        assertThat(paymentEvents(flaky.getString("orderId"))).containsOnlyOnce("payment.captured");
        assertThat(paymentEvents(slow.getString("orderId"))).containsOnlyOnce("payment.captured");
    }

    @Test
    void acceptedOrderAnswers202WithItsLocationAndCanBeReadAtOnce() {
        String sku = setStock(5);
        Response placed = post("/orders", order(sku, 1, "card-ok"));

        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.json().getString("orderId");
        assertThat(placed.json().getString("status")).isEqualTo("PENDING");
        assertThat(placed.headers().firstValue("Location")).hasValue("/orders/" + orderId);
        Response read = platform.http().get("/orders/" + orderId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("customerId")).isEqualTo("c-42");
        await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(platform.http().get("/orders/" + orderId).json().getString("status")));
    }

    @Test
    void everyBrokenRuleIsListedAndNothingIsStored() {
        long eventsBefore = ordersPlaced();
        JsonObject bad = new JsonObject().put("customerId", " ").put("paymentMethod", "bitcoin").put("items", new JsonArray()
                .add(new JsonObject().put("sku", "").put("quantity", 0).put("unitPrice", "10.505"))
                .add(new JsonObject().put("sku", "SKU-1").put("quantity", 10_001).put("unitPrice", -1))
                .add(new JsonObject().put("sku", "SKU-1").put("quantity", 1.5).put("unitPrice", "abc"))
                .add("not an object"));

        Response refused = post("/orders?wait=99999", bad.encode(), "Idempotency-Key", "");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("error")).isEqualTo("validation_failed");
        assertThat(fieldsOf(refused)).containsExactlyInAnyOrder("customerId", "paymentMethod", "items[0].sku", "items[0].quantity",
                "items[0].unitPrice", "items[1].quantity", "items[1].unitPrice", "items[2].quantity", "items[2].unitPrice",
                "items[3]", "Idempotency-Key", "wait");
        assertThat(fieldsOf(post("/orders", "{\"customerId\":\"" + "x".repeat(101) + "\",\"paymentMethod\":\"card-ok\"}")))
                .containsExactlyInAnyOrder("customerId", "items");
        JsonArray tooMany = new JsonArray();
        IntStream.range(0, 101).forEach(i -> tooMany.add(new JsonObject().put("sku", "S").put("quantity", 1).put("unitPrice", 1)));
        assertThat(fieldsOf(post("/orders", new JsonObject().put("customerId", "c").put("paymentMethod", "card-ok")
                .put("items", tooMany).encode()))).containsExactly("items");
        assertThat(ordersPlaced()).isEqualTo(eventsBefore);
    }

    @Test
    void malformedJsonOversizedBodiesAndOtherContentTypesAreRefused() {
        long eventsBefore = ordersPlaced();

        Response malformed = post("/orders", "{\"customerId\": ");
        Response notAnObject = post("/orders", "[1, 2]");
        Response oversized = post("/orders", "{\"customerId\":\"" + "x".repeat(70_000) + "\"}");
        Response plainText = platform.http().post("/orders", order("SKU-1", 1, "card-ok"), "Content-Type", "text/plain");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getString("error")).isEqualTo("malformed_json");
        assertThat(notAnObject.json().getString("error")).isEqualTo("malformed_json");
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.json().getString("error")).isEqualTo("payload_too_large");
        assertThat(plainText.status()).isEqualTo(415);
        assertThat(plainText.json().getString("error")).isEqualTo("unsupported_media_type");
        assertThat(ordersPlaced()).isEqualTo(eventsBefore);
    }

    @Test
    void sameIdempotencyKeyMakesOneOrderAndADifferentBodyIsRefused() {
        String sku = setStock(5);
        String key = "key-" + UUID.randomUUID();
        Response first = post("/orders", order(sku, 1, "card-ok"), "Idempotency-Key", key);
        Response again = post("/orders", order(sku, 1, "card-ok").replace("10.50", "10.5"), "Idempotency-Key", key);
        Response different = post("/orders", order(sku, 2, "card-ok"), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().getString("orderId")).isEqualTo(first.json().getString("orderId"));
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().getString("error")).isEqualTo("idempotency_key_reused");
        assertThat(ordersOfSku(sku)).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeySentConcurrentlyMakesOneOrder() throws Exception {
        String sku = setStock(50);
        String key = "concurrent-" + UUID.randomUUID();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(clients.submit(() -> post("/orders", order(sku, 1, "card-ok"), "Idempotency-Key", key)));
            }
            Set<String> orderIds = new java.util.HashSet<>();
            for (Future<Response> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
                orderIds.add(answer.get().json().getString("orderId"));
            }
            assertThat(orderIds).hasSize(1);
        } finally {
            clients.shutdown();
        }
        assertThat(ordersOfSku(sku)).isEqualTo(1);
    }

    @Test
    void twoHundredConcurrentOrdersForFiftyUnitsConfirmExactlyFifty() throws Exception {
        String sku = setStock(50);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<String> orderIds = new ArrayList<>();
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(clients.submit(() -> post("/orders", order(sku, 1, "card-ok"))));
            }
            for (Future<Response> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
                orderIds.add(answer.get().json().getString("orderId"));
            }
        } finally {
            clients.shutdown();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.count("SELECT count(*) FROM order_view WHERE status <> 'PENDING' "
                + "AND items @> '[{\"sku\": \"" + sku + "\"}]'") == 200);
        assertThat(platform.count("SELECT count(*) FROM order_view WHERE status = 'CONFIRMED' AND items @> '[{\"sku\": \"" + sku + "\"}]'"))
                .isEqualTo(50);
        assertThat(platform.count("SELECT count(*) FROM order_view WHERE status = 'CANCELLED' AND reason = 'out_of_stock' "
                + "AND items @> '[{\"sku\": \"" + sku + "\"}]'")).isEqualTo(150);
        awaitStock(sku, 0, 0);
        long captured = orderIds.stream().mapToLong(id -> paymentEvents(id).stream().filter("payment.captured"::equals).count()).sum();
        assertThat(captured).isEqualTo(50);
    }

    @Test
    void metricsShowEachAgentsCountersAndHandlerLatency() {
        String sku = setStock(5);
        assertThat(post("/orders?wait=20000", order(sku, 1, "card-flaky")).json().getString("status")).isEqualTo("CONFIRMED");

        Response metrics = platform.http().get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        for (String agent : List.of("order", "stock", "payment", "order-saga", "order-view", "customer-notifier")) {
            assertThat(positiveSample(metrics.body(), "agent_messages_handled_total{agent=\"" + agent + "\"")).as(agent).isTrue();
            assertThat(positiveSample(metrics.body(), "agent_handler_seconds_count{agent=\"" + agent + "\"")).as(agent).isTrue();
        }
        assertThat(positiveSample(metrics.body(), "agent_messages_retried_total{agent=\"payment\"")).isTrue();
    }

    /** Whether a sample line starting with {@code prefix} has a value above 0. */
    private static boolean positiveSample(String exposition, String prefix) {
        return exposition.lines().filter(line -> line.startsWith(prefix))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0);
    }

    @Test
    void unknownOrderIsNotFound() {
        Response missing = platform.http().get("/orders/" + UUID.randomUUID());
        Response missingEvents = platform.http().get("/orders/" + UUID.randomUUID() + "/events");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().getString("error")).isEqualTo("not_found");
        assertThat(missingEvents.status()).isEqualTo(404);
    }

    @Test
    void listFiltersByStatusAndCustomerAndPagesWithACursor() {
        String sku = setStock(100);
        String customer = "list-" + UUID.randomUUID();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(post("/orders?wait=20000", orderOf(customer, sku, 1, i < 3 ? "card-ok" : "card-declined")).json().getString("orderId"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.count(
                "SELECT count(*) FROM order_view WHERE status <> 'PENDING' AND customer_id = '" + customer + "'") == 5);

        JsonObject firstPage = platform.http().get("/orders?customerId=" + customer + "&limit=2").json();
        JsonObject secondPage = platform.http().get("/orders?customerId=" + customer + "&limit=2&after=" + firstPage.getString("next")).json();
        JsonObject lastPage = platform.http().get("/orders?customerId=" + customer + "&limit=2&after=" + secondPage.getString("next")).json();
        JsonObject cancelled = platform.http().get("/orders?customerId=" + customer + "&status=CANCELLED").json();

        List<String> paged = new ArrayList<>();
        for (JsonObject page : List.of(firstPage, secondPage, lastPage)) {
            page.getJsonArray("orders").forEach(order -> paged.add(((JsonObject) order).getString("orderId")));
        }
        List<String> newestFirst = new ArrayList<>(placed);
        java.util.Collections.reverse(newestFirst);
        assertThat(paged).containsExactlyElementsOf(newestFirst);
        assertThat(lastPage.getString("next")).isNull();
        assertThat(cancelled.getJsonArray("orders")).hasSize(2);
        assertThat(fieldsOf(platform.http().get("/orders?status=LOST&limit=0&after=nonsense")))
                .containsExactlyInAnyOrder("status", "limit", "after");
    }

    @Test
    void eventStreamSendsEachStatusChangeAndEndsWhenTheOrderIsTerminal() {
        String sku = setStock(5);
        String orderId = post("/orders", order(sku, 1, "card-ok")).json().getString("orderId");

        Response stream = platform.http().get("/orders/" + orderId + "/events");

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> statuses = stream.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> new JsonObject(line.substring(6)).getString("status")).toList();
        assertThat(statuses).last().isEqualTo("CONFIRMED");
        assertThat(statuses).isSubsetOf("PENDING", "CONFIRMED").doesNotHaveDuplicates();
    }

    @Test
    void rebuiltProjectionEqualsTheLiveOne() {
        String sku = setStock(10);
        for (String method : List.of("card-ok", "card-declined", "card-ok")) {
            post("/orders?wait=20000", order(sku, 1, method));
        }
        String snapshot = "SELECT coalesce(json_agg(v ORDER BY order_id)::text, '[]') FROM order_view v";
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.count("SELECT count(*) FROM order_view WHERE status = 'PENDING'") == 0);
        String live = platform.query(snapshot).get(0).getString(0);

        Response rebuild = platform.http().post("/admin/projections/order-view/rebuild", "");

        assertThat(rebuild.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.query(snapshot).get(0).getString(0).equals(live));
        assertThat(platform.http().post("/admin/projections/no-such-view/rebuild", "").status()).isEqualTo(404);
    }

    private static String setStock(int available) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(platform.http().put("/stock/" + sku, new JsonObject().put("available", available).encode(),
                "Content-Type", "application/json").status()).isEqualTo(200);
        return sku;
    }

    private static String order(String sku, int quantity, String paymentMethod) {
        return orderOf("c-42", sku, quantity, paymentMethod);
    }

    private static String orderOf(String customerId, String sku, int quantity, String paymentMethod) {
        return new JsonObject().put("customerId", customerId).put("paymentMethod", paymentMethod).put("items", new JsonArray()
                .add(new JsonObject().put("sku", sku).put("quantity", quantity).put("unitPrice", "10.50"))).encode();
    }

    private static Response post(String path, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return platform.http().post(path, body, all.toArray(String[]::new));
    }

    private static void awaitStock(String sku, int available, int reserved) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonObject stock = platform.http().get("/stock/" + sku).json();
            assertThat(stock.getInteger("available")).isEqualTo(available);
            assertThat(stock.getInteger("reserved")).isEqualTo(reserved);
        });
    }

    private static List<String> historyOf(JsonObject order) {
        return order.getJsonArray("history").stream().map(change -> ((JsonObject) change).getString("type")).toList();
    }

    private static List<String> fieldsOf(Response refused) {
        assertThat(refused.status()).isEqualTo(400);
        return refused.json().getJsonArray("details").stream().map(detail -> ((JsonObject) detail).getString("field")).toList();
    }

    private static List<String> paymentEvents(String orderId) {
        return platform.query("SELECT type FROM events WHERE stream_id = 'payment-" + orderId + "' ORDER BY version").stream()
                .map(row -> row.getString(0)).toList();
    }

    private static List<String> notifications(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.count("SELECT count(*) FROM notifications WHERE order_id = '" + orderId + "'") > 0);
        return platform.query("SELECT outcome FROM notifications WHERE order_id = '" + orderId + "'").stream().map(row -> row.getString(0)).toList();
    }

    private static long ordersOfSku(String sku) {
        return platform.count("SELECT count(*) FROM events WHERE type = 'order.placed' AND payload->'items' @> '[{\"sku\": \"" + sku + "\"}]'");
    }

    /** Orders placed so far: what a refused request must not add to (other tests' flows may still append their later events). */
    private static long ordersPlaced() {
        return platform.count("SELECT count(*) FROM events WHERE type = 'order.placed'");
    }
}
