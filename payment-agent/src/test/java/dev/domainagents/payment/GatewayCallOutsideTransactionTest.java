package dev.domainagents.payment;

import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.payment.api.PaymentCommand.AuthorizePayment;
import dev.domainagents.payment.api.PaymentSummary;
import dev.domainagents.payment.gateway.GatewaySettings;
import dev.domainagents.payment.gateway.SimulatedGateway;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment agent's commands share transactions, and a shared transaction that fails is run
 * again, each command alone: the gateway is called before the transaction, so a command run
 * again after its neighbour failed does not call it again.
 */
class GatewayCallOutsideTransactionTest {
    private static final BigDecimal AMOUNT = new BigDecimal("21.00");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final AtomicReference<SimulatedGateway> gateway = new AtomicReference<>();
    private TestPlatform platform;

    @BeforeEach
    void start() {
        // one transaction at a time, so the commands that wait for it go into the next one together
        JsonObject payment = new JsonObject()
                .put("retry", new JsonObject().put("maxAttempts", 2).put("initialDelayMs", 10).put("maxDelayMs", 20)
                        .put("multiplier", 2.0).put("jitter", 0.1))
                .put("batching", new JsonObject().put("maxCommands", 32).put("maxTransactions", 1));
        platform = TestPlatform.start(TestPlatform.testConfig().mergeIn(new JsonObject()
                .put("agents", new JsonObject().put("payment", payment)), true), List.of());
        GatewaySettings settings = new GatewaySettings(Duration.ZERO, 0.0, Duration.ofMillis(1_500));
        platform.deploy(new PaymentAgent(platform.runtime(), vertx -> {
            gateway.set(new SimulatedGateway(vertx, settings));
            return gateway.get();
        }));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aCommandRunAgainAfterItsNeighbourFailedDoesNotCallTheGatewayAgain() {
        // the database refuses every event of order o-bad: its command fails inside the transaction it shares
        platform.query("""
                CREATE FUNCTION refuse_o_bad() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.stream_id = 'payment-o-bad' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                    RETURN NEW;
                END $$""");
        platform.query("CREATE TRIGGER refuse_o_bad BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_o_bad()");
        // the agent's one transaction (o-first's) waits for the inbox, which the test holds locked
        SqlConnection lock = await(platform.pool().getConnection());
        await(lock.query("BEGIN").execute());
        await(lock.query("LOCK TABLE inbox IN EXCLUSIVE MODE").execute());
        Future<Message<Envelope>> first = authorize("o-first");
        awaitUntil(() -> platform.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'") == 1);

        Future<Message<Envelope>> good = authorize("o-good");
        Future<Message<Envelope>> bad = authorize("o-bad");
        // both asked the gateway, with no transaction open; now they wait for the one transaction, to share the next
        awaitUntil(() -> callsFor("o-good") == 1 && callsFor("o-bad") == 1);
        await(lock.query("ROLLBACK").execute());
        await(lock.close());

        assertThat(summaryOf(await(first)).status()).isEqualTo("AUTHORIZED");
        assertThat(summaryOf(await(good)).status()).isEqualTo("AUTHORIZED");
        assertThat(awaitFailure(bad)).hasMessageContaining("dead-lettered");

        assertThat(callsFor("o-good")).as("gateway calls for o-good, whose shared transaction was run again").isEqualTo(1);
        assertThat(callsFor("o-first")).isEqualTo(1);
        assertThat(callsFor("o-bad")).as("one call per attempt, each with the same key").isEqualTo(2);
        assertThat(gateway.get().callsByKey()).containsOnlyKeys(
                "o-first:payment.authorize", "o-good:payment.authorize", "o-bad:payment.authorize");
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'payment-o-good'")).isEqualTo(1);
        assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE envelope->>'correlationId' = 'o-bad'")).isEqualTo(1);
    }

    /** Gateway calls for an order, whatever its keys. */
    private int callsFor(String orderId) {
        return gateway.get().callsByKey().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(orderId + ":"))
                .mapToInt(java.util.Map.Entry::getValue).sum();
    }

    private Future<Message<Envelope>> authorize(String orderId) {
        Envelope envelope = Envelope.of(MessageKind.COMMAND, orderId, orderId,
                new AuthorizePayment(orderId, AMOUNT, "card-ok", Instant.now()), Instant.now());
        return platform.vertx().eventBus().request(Addresses.command(envelope.type()), envelope);
    }

    private static PaymentSummary summaryOf(Message<Envelope> reply) {
        return reply.body().payloadAs(PaymentSummary.class);
    }

    private static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(condition);
    }
}
