package dev.domainagents.payment.gateway;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

class SimulatedGatewayTest {
    private static final BigDecimal AMOUNT = new BigDecimal("9.00");
    private final Vertx vertx = Vertx.vertx();
    private final SimulatedGateway gateway = new SimulatedGateway(vertx, new GatewaySettings(Duration.ZERO, 0.0, Duration.ofMillis(100)));

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void refusesToCaptureAVoidedAuthorization() {
        await(gateway.authorize("o-1:authorize", "card-ok", AMOUNT));
        await(gateway.voidAuthorization("o-1:authorize", "o-1:void"));

        Throwable refused = awaitFailure(gateway.capture("o-1:authorize", "o-1:capture", AMOUNT));

        assertThat(refused).isInstanceOfSatisfying(AuthorizationSettled.class, settled -> assertThat(settled.captured()).isFalse());
    }

    @Test
    void refusesToVoidACapturedAuthorizationButAnswersARepeatedCapture() {
        await(gateway.authorize("o-2:authorize", "card-ok", AMOUNT));
        await(gateway.capture("o-2:authorize", "o-2:capture", AMOUNT));

        await(gateway.capture("o-2:authorize", "o-2:capture", AMOUNT));
        Throwable refused = awaitFailure(gateway.voidAuthorization("o-2:authorize", "o-2:void"));

        assertThat(refused).isInstanceOfSatisfying(AuthorizationSettled.class, settled -> assertThat(settled.captured()).isTrue());
    }

    @Test
    void aCallThatFailedChangedNothing() {
        await(gateway.authorize("o-3:authorize", "card-ok", AMOUNT));
        gateway.apply(new GatewayConditions(1.0, Duration.ZERO));
        assertThat(awaitFailure(gateway.capture("o-3:authorize", "o-3:capture", AMOUNT))).isInstanceOf(GatewayUnavailable.class);
        gateway.apply(new GatewayConditions(0.0, Duration.ZERO));

        await(gateway.voidAuthorization("o-3:authorize", "o-3:void"));
    }
}
