package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order flow, over HTTP into a node started as the launcher starts it, ends the same on a bus
 * that delivers every message twice and shuffles deliveries within a window ({@code chaos}) as on a
 * well-behaved bus: per order the same status, reason, events and saga steps; the same stock; a
 * capture for each confirmed order and none for the others; one notification per order.
 */
class OrderFlowUnderChaosTest {
    private static final JsonObject CHAOS = new JsonObject()
            .put("chaos", new JsonObject().put("duplicateDelivery", true).put("reorderWindowMs", 25));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Map<String, Integer> STOCK = Map.of("LOW", 3, "MANY", 10, "SIDE", 2, "PLENTY", 20);
    /** What the stock must be at rest after the orders below, on any bus. */
    private static final Map<String, String> STOCK_AT_REST = Map.of("LOW", "0/0", "MANY", "0/0", "SIDE", "0/0", "PLENTY", "13/0");

    /**
     * The orders of a lane are placed one after the other, each once the previous one ended, so each
     * meets the stock the previous ones left and its outcome does not depend on timing; the lanes
     * run side by side. The PLENTY orders are lanes of one, placed at once: they cannot run short.
     * One card-flaky order only: two, within a breaker window, could open the payment breaker.
     */
    private static final List<List<Planned>> LANES = Stream.concat(Stream.of(
            List.of(
                    Planned.of("low-1", "card-ok", "CONFIRMED", null, "LOW", 2),
                    Planned.of("low-2", "card-declined", "CANCELLED", "payment_declined", "LOW", 1),
                    Planned.of("low-3", "card-ok", "CANCELLED", "out_of_stock", "LOW", 2),
                    Planned.of("low-4", "card-flaky", "CONFIRMED", null, "LOW", 1),
                    Planned.of("low-5", "card-ok", "CANCELLED", "out_of_stock", "LOW", 1)),
            List.of(
                    Planned.of("many-1", "card-ok", "CONFIRMED", null, "MANY", 3),
                    Planned.of("many-2", "card-ok", "CONFIRMED", null, "MANY", 2, "SIDE", 1),
                    Planned.of("many-3", "card-ok", "CANCELLED", "out_of_stock", "MANY", 4, "SIDE", 2),
                    Planned.of("many-4", "card-declined", "CANCELLED", "payment_declined", "MANY", 1),
                    Planned.of("many-5", "card-ok", "CONFIRMED", null, "MANY", 5, "SIDE", 1),
                    Planned.of("many-6", "card-ok", "CANCELLED", "out_of_stock", "MANY", 1))),
            IntStream.range(0, 10).mapToObj(i -> List.of(i < 7
                    ? Planned.of("plenty-" + i, "card-ok", "CONFIRMED", null, "PLENTY", 1)
                    : Planned.of("plenty-" + i, "card-declined", "CANCELLED", "payment_declined", "PLENTY", 2))))
            .toList();
    /** Commands sent over HTTP: a placement per order, a stock setting per SKU. */
    private static final double HTTP_COMMANDS = LANES.stream().mapToInt(List::size).sum() + STOCK.size();

    @TempDir
    Path temp;

    @Test
    void duplicatedAndReorderedDeliveryEndsWithTheSameOrdersStockPaymentsAndNotifications() throws Exception {
        Run calm = run(new JsonObject());
        Run chaotic = run(CHAOS);

        for (Run run : List.of(calm, chaotic)) {
            assertThat(run.outcome().orders()).isEqualTo(expectedOrders());
            assertThat(run.outcome().stock()).isEqualTo(new TreeMap<>(STOCK_AT_REST));
            assertThat(run.outcome().captures()).isEqualTo(expectedCaptures());
            assertThat(run.outcome().notifications()).isEqualTo(expectedNotifications());
            assertThat(run.outcome().deadLetters()).isZero();
        }
        assertThat(chaotic.outcome()).isEqualTo(calm.outcome());
        // Chaos was on: each placement and stock setting (sent over HTTP, without an outbox) reached
        // its agent twice and was answered once from its inbox. The outbox resends saga commands on
        // any bus, so only these show chaos alone.
        assertThat(calm.httpCommandsRepeated()).isZero();
        assertThat(chaotic.httpCommandsRepeated()).isEqualTo(HTTP_COMMANDS);
        assertThat(chaotic.copiesDelivered()).isGreaterThan(HTTP_COMMANDS);
    }

    /** One order to place: the customer id names it in both runs. */
    private record Planned(String customer, String paymentMethod, String status, String reason, Map<String, Integer> lines) {
        static Planned of(String customer, String paymentMethod, String status, String reason, Object... skuThenQuantity) {
            Map<String, Integer> lines = new TreeMap<>();
            for (int i = 0; i < skuThenQuantity.length; i += 2) {
                lines.put((String) skuThenQuantity[i], (Integer) skuThenQuantity[i + 1]);
            }
            return new Planned(customer, paymentMethod, status, reason, lines);
        }

        String body() {
            JsonArray items = new JsonArray();
            lines.forEach((sku, quantity) -> items.add(new JsonObject().put("sku", sku).put("quantity", quantity).put("unitPrice", "4.25")));
            return new JsonObject().put("customerId", customer).put("paymentMethod", paymentMethod).put("items", items).encode();
        }

        String outcome() {
            return status + (reason == null ? "" : " " + reason);
        }
    }

    /** What a run ends with, per customer where it concerns an order. */
    private record Outcome(Map<String, String> orders, Map<String, String> stock, Map<String, Long> captures,
                           Map<String, List<String>> notifications, Map<String, List<String>> eventTypes,
                           Map<String, List<String>> sagaSteps, long deadLetters) {
    }

    /**
     * A run's outcome, the copies chaos made, and the placements and stock settings that agents
     * answered as duplicates (the HTTP ingress sends those once, without an outbox).
     */
    private record Run(Outcome outcome, double copiesDelivered, double httpCommandsRepeated) {
    }

    private Run run(JsonObject config) throws Exception {
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            STOCK.forEach((sku, available) -> assertThat(platform.http().put("/stock/" + sku,
                    new JsonObject().put("available", available).encode(), "Content-Type", "application/json").status()).isEqualTo(200));
            Map<String, String> orderIds = placeAll(platform);
            awaitAtRest(platform, orderIds.size());
            // read after the outcome: by then the last copy of an HTTP command, sent at most the window
            // after its original and long before its order ended, has been answered
            Outcome outcome = outcomeOf(platform, orderIds);
            return new Run(outcome, sum(platform.http().get("/metrics").body(), "chaos_deliveries_duplicated_total", ""),
                    httpCommandsRepeated(platform));
        }
    }

    /** Places every lane's orders, lanes side by side; answers the order id of each customer. */
    private static Map<String, String> placeAll(LaunchedPlatform platform) throws Exception {
        Map<String, String> orderIds = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(LANES.size());
        try {
            List<Future<?>> lanes = new ArrayList<>();
            for (List<Planned> lane : LANES) {
                lanes.add(clients.submit(() -> lane.forEach(order -> {
                    Response placed = platform.http().post("/orders?wait=20000", order.body(), "Content-Type", "application/json");
                    assertThat(placed.status()).as(order.customer() + ": " + placed.body()).isEqualTo(200);
                    orderIds.put(order.customer(), placed.json().getString("orderId"));
                })));
            }
            for (Future<?> lane : lanes) {
                lane.get();
            }
        } finally {
            clients.shutdown();
        }
        return orderIds;
    }

    /** Until every command was acknowledged, every saga ended, every order notified and no stock is held. */
    private static void awaitAtRest(LaunchedPlatform platform, int orders) {
        await().atMost(PATIENCE).until(() -> platform.count("SELECT count(*) FROM outbox") == 0
                && platform.count("SELECT count(*) FROM sagas WHERE NOT completed") == 0
                && platform.count("SELECT count(*) FROM notifications") == orders
                && STOCK.keySet().stream().allMatch(sku -> platform.http().get("/stock/" + sku).json().getInteger("reserved") == 0));
    }

    private static Outcome outcomeOf(LaunchedPlatform platform, Map<String, String> orderIds) {
        Map<String, String> orders = new TreeMap<>();
        Map<String, Long> captures = new TreeMap<>();
        Map<String, List<String>> notifications = new TreeMap<>();
        Map<String, List<String>> eventTypes = new TreeMap<>();
        Map<String, List<String>> sagaSteps = new TreeMap<>();
        orderIds.forEach((customer, orderId) -> {
            JsonObject order = platform.http().get("/orders/" + orderId).json();
            orders.put(customer, order.getString("status") + (order.getString("reason") == null ? "" : " " + order.getString("reason")));
            captures.put(customer, platform.count("SELECT count(*) FROM events WHERE stream_id = 'payment-" + orderId
                    + "' AND type = 'payment.captured'"));
            notifications.put(customer, column(platform, "SELECT outcome FROM notifications WHERE order_id = '" + orderId + "' ORDER BY outcome"));
            // sorted, not in global order: stock commit and order confirmation are sent together, either may come first
            eventTypes.put(customer, column(platform, "SELECT type FROM events WHERE metadata->>'correlationId' = '" + orderId
                    + "' ORDER BY type, stream_id"));
            sagaSteps.put(customer, column(platform, "SELECT step FROM saga_steps WHERE correlation_id = '" + orderId + "' ORDER BY seq"));
        });
        Map<String, String> stock = new TreeMap<>();
        STOCK.keySet().forEach(sku -> {
            JsonObject level = platform.http().get("/stock/" + sku).json();
            stock.put(sku, level.getInteger("available") + "/" + level.getInteger("reserved"));
        });
        return new Outcome(orders, stock, captures, notifications, eventTypes, sagaSteps,
                platform.count("SELECT count(*) FROM dead_letters"));
    }

    private static List<String> column(LaunchedPlatform platform, String query) {
        return platform.query(query).stream().map(row -> row.getString(0)).toList();
    }

    private static double httpCommandsRepeated(LaunchedPlatform platform) {
        String metrics = platform.http().get("/metrics").body();
        return sum(metrics, "agent_messages_duplicate_total", "type=\"order.place\"")
                + sum(metrics, "agent_messages_duplicate_total", "type=\"stock.set\"");
    }

    /** The sum of the samples of a Prometheus counter whose line holds {@code containing}. */
    private static double sum(String exposition, String counter, String containing) {
        return exposition.lines()
                .filter(line -> (line.startsWith(counter + "{") || line.startsWith(counter + " ")) && line.contains(containing))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Stream<Planned> planned() {
        return LANES.stream().flatMap(List::stream);
    }

    private static Map<String, String> expectedOrders() {
        return planned().collect(Collectors.toMap(Planned::customer, Planned::outcome, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, Long> expectedCaptures() {
        return planned().collect(Collectors.toMap(Planned::customer, order -> "CONFIRMED".equals(order.status()) ? 1L : 0L,
                (a, b) -> a, TreeMap::new));
    }

    private static Map<String, List<String>> expectedNotifications() {
        return planned().collect(Collectors.toMap(Planned::customer, order -> List.of(order.status()), (a, b) -> a, TreeMap::new));
    }
}
