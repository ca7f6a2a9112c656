package dev.domainagents.payment;

import dev.domainagents.core.delivery.Failures;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.payment.api.PaymentCommand.AuthorizePayment;
import dev.domainagents.payment.api.PaymentCommand.CapturePayment;
import dev.domainagents.payment.api.PaymentCommand.VoidPayment;
import dev.domainagents.payment.api.PaymentSummary;
import dev.domainagents.payment.gateway.GatewayConditions;
import dev.domainagents.payment.gateway.GatewaySettings;
import dev.domainagents.payment.gateway.SimulatedGateway;
import io.vertx.core.json.JsonObject;
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

class PaymentAgentTest {
    private static final BigDecimal AMOUNT = new BigDecimal("21.00");
    private TestPlatform platform;

    private final AtomicReference<SimulatedGateway> gateway = new AtomicReference<>();

    @BeforeEach
    void start() {
        JsonObject config = TestPlatform.testConfig();
        platform = TestPlatform.start(config, List.of());
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
    void approvedPaymentIsCapturedOnceEvenWhenAskedTwice() {
        assertThat(send("o-ok", new AuthorizePayment("o-ok", AMOUNT, "card-ok", Instant.now())).status()).isEqualTo("AUTHORIZED");
        assertThat(send("o-ok", new CapturePayment("o-ok", Instant.now())).status()).isEqualTo("CAPTURED");
        assertThat(send("o-ok", new CapturePayment("o-ok", Instant.now())).status()).isEqualTo("CAPTURED");

        assertThat(platform.query("SELECT type FROM events WHERE stream_id = 'payment-o-ok' ORDER BY version"))
                .extracting(row -> row.getString(0)).containsExactly("payment.authorized", "payment.captured");
    }

    @Test
    void declinedCardIsRecordedAsADecline() {
        PaymentSummary declined = send("o-no", new AuthorizePayment("o-no", AMOUNT, "card-declined", Instant.now()));

        assertThat(declined.status()).isEqualTo("DECLINED");
        assertThat(declined.reason()).isEqualTo("card_declined");
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void flakyCardIsAuthorizedAfterRetries() {
        PaymentSummary authorized = send("o-flaky", new AuthorizePayment("o-flaky", AMOUNT, "card-flaky", Instant.now()));

        assertThat(authorized.status()).isEqualTo("AUTHORIZED");
        assertThat(platform.runtime().metrics().count("retried", "payment")).isEqualTo(2);
    }

    @Test
    void slowCardTimesOutOnceThenIsAuthorized() {
        PaymentSummary authorized = send("o-slow", new AuthorizePayment("o-slow", AMOUNT, "card-slow", Instant.now()));

        assertThat(authorized.status()).isEqualTo("AUTHORIZED");
        assertThat(platform.runtime().metrics().count("retried", "payment")).isGreaterThanOrEqualTo(1);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'payment-o-slow'")).isEqualTo(1);
    }

    /** The payment arbitrates between a capture still retried and a void: the void, recorded first, refuses the capture. */
    @Test
    void aVoidEndsRecordedWhileTheGatewayIsDownAndNoCaptureFollowsIt() {
        assertThat(send("o-down", new AuthorizePayment("o-down", AMOUNT, "card-ok", Instant.now())).status()).isEqualTo("AUTHORIZED");
        gateway.get().apply(new GatewayConditions(1.0, Duration.ZERO));

        Throwable capture = awaitFailure(request("o-down", new CapturePayment("o-down", Instant.now())));
        assertThat(Failures.isDeadLettered(capture)).as("a capture past its attempts is buried: " + capture).isTrue();
        PaymentSummary voided = send("o-down", new VoidPayment("o-down", Instant.now()));

        assertThat(voided.status()).isEqualTo("VOIDED");
        assertThat(platform.query("SELECT payload->>'lapsed' FROM events WHERE type = 'payment.voided'"))
                .extracting(row -> row.getString(0)).containsExactly("true");
        gateway.get().apply(new GatewayConditions(0.0, Duration.ZERO));
        assertThat(send("o-down", new CapturePayment("o-down", Instant.now())).status()).isEqualTo("VOIDED");
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.captured'")).isZero();
    }

    @Test
    void aVoidTheGatewayAnswersIsNotLapsed() {
        send("o-void", new AuthorizePayment("o-void", AMOUNT, "card-ok", Instant.now()));

        assertThat(send("o-void", new VoidPayment("o-void", Instant.now())).status()).isEqualTo("VOIDED");

        assertThat(platform.query("SELECT payload->>'lapsed' FROM events WHERE type = 'payment.voided'"))
                .extracting(row -> row.getString(0)).containsExactly("false");
    }

    private PaymentSummary send(String orderId, Object command) {
        return await(request(orderId, command)).payloadAs(PaymentSummary.class);
    }

    private io.vertx.core.Future<Envelope> request(String orderId, Object command) {
        Envelope envelope = Envelope.of(MessageKind.COMMAND, orderId, orderId, command, Instant.now());
        return platform.vertx().eventBus().<Envelope>request(Addresses.command(envelope.type()), envelope)
                .map(io.vertx.core.eventbus.Message::body);
    }
}
