package dev.domainagents.launcher;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.delivery.CommandDeadLettered;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.saga.DeadlineScheduler;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.api.OrderLine;
import dev.domainagents.stock.api.StockCommand.SetStock;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The order saga's outcomes, with every agent real and in one process. */
class OrderFlowTest {
    private TestPlatform platform;

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void paidOrderIsConfirmedWithItsStockSoldAndPaymentCapturedOnce() {
        start(Set.of("order", "stock", "payment"));
        setStock("A", 10);

        place("ok-1", "card-ok", new OrderLine("A", 2, new BigDecimal("10.50")));

        assertThat(awaitOutcome("ok-1")).isEqualTo("order.confirmed");
        awaitStock("A", 8, 0);
        assertThat(types("payment-ok-1")).containsExactly("payment.authorized", "payment.captured");
    }

    @Test
    void orderBeyondTheStockIsCancelledOutOfStockAndNothingIsCharged() {
        start(Set.of("order", "stock", "payment"));
        setStock("B", 1);

        place("oos-1", "card-ok", new OrderLine("B", 2, new BigDecimal("1.00")));

        assertThat(awaitOutcome("oos-1")).isEqualTo("order.cancelled");
        assertThat(reason("oos-1")).isEqualTo("out_of_stock");
        assertThat(stock("B")).containsExactly(1, 0);
        assertThat(types("payment-oos-1")).isEmpty();
    }

    @Test
    void declinedCardCancelsAndReleasesTheStock() {
        start(Set.of("order", "stock", "payment"));
        setStock("C", 5);

        place("no-1", "card-declined", new OrderLine("C", 3, new BigDecimal("2.00")));

        assertThat(awaitOutcome("no-1")).isEqualTo("order.cancelled");
        assertThat(reason("no-1")).isEqualTo("payment_declined");
        awaitStock("C", 5, 0);
        assertThat(types("payment-no-1")).containsExactly("payment.declined");
    }

    @Test
    void flakyAndSlowCardsEndConfirmed() {
        start(Set.of("order", "stock", "payment"));
        setStock("D", 5);

        place("flaky-1", "card-flaky", new OrderLine("D", 1, new BigDecimal("3.00")));
        place("slow-1", "card-slow", new OrderLine("D", 1, new BigDecimal("3.00")));

        assertThat(awaitOutcome("flaky-1")).isEqualTo("order.confirmed");
        assertThat(awaitOutcome("slow-1")).isEqualTo("order.confirmed");
        awaitStock("D", 3, 0);
    }

    @Test
    void unansweredPaymentTimesOutReleasesTheStockAndALateAuthorizationIsVoided() {
        start(Set.of("order", "stock"), Duration.ofMillis(1_500));
        setStock("E", 4);

        place("late-1", "card-ok", new OrderLine("E", 4, new BigDecimal("5.00")));

        assertThat(awaitOutcome("late-1")).isEqualTo("order.cancelled");
        assertThat(reason("late-1")).isEqualTo("timeout");
        awaitStock("E", 4, 0);

        deployModule("payment");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> types("payment-late-1").contains("payment.voided"));
        assertThat(types("payment-late-1")).doesNotContain("payment.captured");
    }

    /**
     * A release its stock agent buried after its retries (as {@code CommandDeadLettered}, which the
     * burial appends: {@code CommandPipelineTest}) is sent again; one buried for a permanent failure
     * would fail the same way, and is left to the operator.
     */
    @Test
    void aDeadLetteredReleaseIsSentAgainUnlessItFailedForGood() {
        start(Set.of("order", "stock"), Duration.ofMillis(1_500));
        setStock("F", 4);
        place("undone-1", "card-ok", new OrderLine("F", 4, new BigDecimal("5.00")));
        assertThat(awaitOutcome("undone-1")).isEqualTo("order.cancelled");
        awaitStock("F", 4, 0);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> platform.count("SELECT count(*) FROM outbox WHERE address LIKE 'command.stock.%'") == 0);
        long handledByStock = platform.count("SELECT count(*) FROM inbox WHERE consumer = 'stock'");

        buried("undone-1", "stock.release", true);
        buried("undone-1", "stock.release", false);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> platform.count("SELECT count(*) FROM inbox WHERE consumer = 'stock'") == handledByStock + 1);
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> platform.count("SELECT count(*) FROM inbox WHERE consumer = 'stock'") == handledByStock + 1);
        awaitStock("F", 4, 0);
    }

    /** Appends what a burial of {@code type} for {@code orderId} appends. */
    private void buried(String orderId, String type, boolean permanent) {
        UUID command = UUID.randomUUID();
        Envelope event = Envelope.of(MessageKind.EVENT, orderId, orderId, new CommandDeadLettered(command, type, orderId, orderId,
                "stock", "injected failure", permanent, 3), Instant.now());
        await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, "dead-letter-test-" + command, 0, List.of(event))));
    }

    /** Saga steps with the default timeout: only the timeout test waits for one to run out. */
    private void start(Set<String> modules) {
        start(modules, Duration.ofSeconds(30));
    }

    private void start(Set<String> modules, Duration stepTimeout) {
        JsonObject config = TestPlatform.testConfig()
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", stepTimeout.toMillis())));
        platform = TestPlatform.start(config, List.of());
        platform.deploy(new DeadlineScheduler(platform.pool(), platform.runtime().events(), platform.runtime().clock(),
                Duration.ofMillis(50), platform.runtime().leases()));
        modules.forEach(this::deployModule);
    }

    private void deployModule(String name) {
        AgentModule module = ServiceLoader.load(AgentModule.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals(name)).findFirst().orElseThrow();
        for (var factory : module.agents(platform.runtime())) {
            Agent agent = factory.get();
            platform.deploy(agent);
        }
    }

    private void setStock(String sku, int available) {
        send("stock-" + sku, new SetStock(sku, available, Instant.now()));
    }

    private void place(String orderId, String paymentMethod, OrderLine... lines) {
        send(orderId, new PlaceOrder(orderId, "c-42", List.of(lines), paymentMethod, Instant.now()));
    }

    private void send(String aggregateId, Object command) {
        Envelope envelope = Envelope.of(MessageKind.COMMAND, aggregateId, aggregateId, command, Instant.now());
        await(platform.vertx().eventBus().request(Addresses.command(envelope.type()), envelope));
    }

    private String awaitOutcome(String orderId) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> types("order-" + orderId).stream().anyMatch(t -> t.equals("order.confirmed") || t.equals("order.cancelled")));
        List<String> types = types("order-" + orderId);
        return types.get(types.size() - 1);
    }

    private String reason(String orderId) {
        return platform.query("SELECT payload->>'reason' FROM events WHERE stream_id = 'order-" + orderId
                + "' AND type = 'order.cancelled'").get(0).getString(0);
    }

    private List<String> types(String stream) {
        return platform.query("SELECT type FROM events WHERE stream_id = '" + stream + "' ORDER BY version")
                .stream().map(row -> row.getString(0)).toList();
    }

    /** [available, reserved] of a SKU, folded from its events. */
    private List<Integer> stock(String sku) {
        int available = 0;
        int reserved = 0;
        for (var row : platform.query("SELECT type, payload FROM events WHERE stream_id = 'stock-" + sku + "' ORDER BY version")) {
            JsonObject payload = row.getJsonObject(1);
            switch (row.getString(0)) {
                case "stock.level-set" -> available = payload.getInteger("available");
                case "stock.reserved" -> {
                    available -= payload.getInteger("quantity");
                    reserved += payload.getInteger("quantity");
                }
                case "stock.released" -> {
                    available += payload.getInteger("quantity");
                    reserved -= payload.getInteger("quantity");
                }
                case "stock.committed" -> reserved -= payload.getInteger("quantity");
                default -> throw new AssertionError("unexpected stock event " + row.getString(0));
            }
        }
        return List.of(available, reserved);
    }

    private void awaitStock(String sku, int available, int reserved) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(stock(sku)).containsExactly(available, reserved));
    }
}
