package dev.domainagents.payment.domain;

import dev.domainagents.payment.api.PaymentCommand;
import dev.domainagents.payment.api.PaymentEvent;
import dev.domainagents.payment.api.PaymentEvent.PaymentAuthorized;
import dev.domainagents.payment.api.PaymentEvent.PaymentCaptured;
import dev.domainagents.payment.api.PaymentEvent.PaymentDeclined;
import dev.domainagents.payment.api.PaymentEvent.PaymentRefunded;
import dev.domainagents.payment.api.PaymentEvent.PaymentVoided;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentDeciderTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final BigDecimal AMOUNT = new BigDecimal("21.00");
    private static final PaymentAuthorized AUTHORIZED = new PaymentAuthorized("o-1", AMOUNT, "card-ok", T);
    private static final PaymentCaptured CAPTURED = new PaymentCaptured("o-1", AMOUNT, T);
    private final PaymentDecider decider = new PaymentDecider();

    private Payment stateAfter(List<PaymentEvent> history) {
        Payment state = decider.initialState();
        for (PaymentEvent event : history) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    private List<PaymentEvent> given(List<PaymentEvent> history, GatewayOutcome when) {
        return decider.decide(when, stateAfter(history));
    }

    @Test
    void approvedAuthorizationIsRecorded() {
        assertThat(given(List.of(), new GatewayOutcome.Authorization("o-1", AMOUNT, "card-ok", true, null, T)))
                .containsExactly(AUTHORIZED);
    }

    @Test
    void declineIsABusinessAnswerRecordedWithItsReason() {
        assertThat(given(List.of(), new GatewayOutcome.Authorization("o-1", AMOUNT, "card-declined", false, "card_declined", T)))
                .containsExactly(new PaymentDeclined("o-1", AMOUNT, "card-declined", "card_declined", T));
    }

    @Test
    void captureHappensOnceAndOnlyAfterAuthorization() {
        assertThat(given(List.of(AUTHORIZED), new GatewayOutcome.Capture("o-1", T))).containsExactly(CAPTURED);
        assertThat(given(List.of(AUTHORIZED, CAPTURED), new GatewayOutcome.Capture("o-1", T))).isEmpty();
        assertThat(given(List.of(), new GatewayOutcome.Capture("o-1", T))).isEmpty();
    }

    @Test
    void voidedAuthorizationIsNeverCaptured() {
        List<PaymentEvent> voided = List.of(AUTHORIZED, new PaymentVoided("o-1", T, false));
        assertThat(given(List.of(AUTHORIZED), new GatewayOutcome.Void("o-1", T, false))).containsExactly(new PaymentVoided("o-1", T, false));
        assertThat(given(voided, new GatewayOutcome.Capture("o-1", T))).isEmpty();
    }

    @Test
    void aVoidWhoseGatewayCannotBeReachedIsRecordedLapsedAndRefusesAnyLaterCapture() {
        PaymentCommand voidIt = new PaymentCommand.VoidPayment("o-1", T);
        GatewayOutcome lapsed = PaymentDecider.withoutGateway(voidIt, T).orElseThrow();

        assertThat(given(List.of(AUTHORIZED), lapsed)).containsExactly(new PaymentVoided("o-1", T, true));
        List<PaymentEvent> voided = List.of(AUTHORIZED, new PaymentVoided("o-1", T, true));
        assertThat(given(voided, new GatewayOutcome.Capture("o-1", T))).isEmpty();
        assertThat(PaymentDecider.needsGateway(new PaymentCommand.CapturePayment("o-1", T), stateAfter(voided))).isFalse();
    }

    @Test
    void onlyAVoidIsRecordedWithoutTheGateway() {
        assertThat(PaymentDecider.withoutGateway(new PaymentCommand.CapturePayment("o-1", T), T)).isEmpty();
        assertThat(PaymentDecider.withoutGateway(new PaymentCommand.AuthorizePayment("o-1", AMOUNT, "card-ok", T), T)).isEmpty();
        assertThat(PaymentDecider.withoutGateway(new PaymentCommand.RefundPayment("o-1", T), T)).isEmpty();
    }

    @Test
    void aCaptureRecordedFirstWinsOverALaterVoid() {
        assertThat(given(List.of(AUTHORIZED, CAPTURED), new GatewayOutcome.Void("o-1", T, false))).isEmpty();
    }

    @Test
    void refundOnlyAfterCaptureAndOnce() {
        assertThat(given(List.of(AUTHORIZED), new GatewayOutcome.Refund("o-1", T))).isEmpty();
        assertThat(given(List.of(AUTHORIZED, CAPTURED), new GatewayOutcome.Refund("o-1", T)))
                .containsExactly(new PaymentRefunded("o-1", AMOUNT, T));
        assertThat(given(List.of(AUTHORIZED, CAPTURED, new PaymentRefunded("o-1", AMOUNT, T)), new GatewayOutcome.Refund("o-1", T))).isEmpty();
    }

    @Test
    void gatewayIsAskedOnlyForStepsStillToDo() {
        PaymentCommand authorize = new PaymentCommand.AuthorizePayment("o-1", AMOUNT, "card-ok", T);
        PaymentCommand capture = new PaymentCommand.CapturePayment("o-1", T);

        assertThat(PaymentDecider.needsGateway(authorize, stateAfter(List.of()))).isTrue();
        assertThat(PaymentDecider.needsGateway(authorize, stateAfter(List.of(AUTHORIZED)))).isFalse();
        assertThat(PaymentDecider.needsGateway(capture, stateAfter(List.of(AUTHORIZED)))).isTrue();
        assertThat(PaymentDecider.needsGateway(capture, stateAfter(List.of(AUTHORIZED, CAPTURED)))).isFalse();
    }

    @Test
    void everyOutcomeCommandAndEventIsHandled() {
        Map<Class<?>, GatewayOutcome> outcomes = Map.of(
                GatewayOutcome.Authorization.class, new GatewayOutcome.Authorization("o-1", AMOUNT, "card-ok", true, null, T),
                GatewayOutcome.Capture.class, new GatewayOutcome.Capture("o-1", T),
                GatewayOutcome.Void.class, new GatewayOutcome.Void("o-1", T, false),
                GatewayOutcome.Refund.class, new GatewayOutcome.Refund("o-1", T));
        Map<Class<?>, PaymentEvent> events = Map.of(
                PaymentAuthorized.class, AUTHORIZED,
                PaymentDeclined.class, new PaymentDeclined("o-1", AMOUNT, "card-declined", "card_declined", T),
                PaymentCaptured.class, CAPTURED,
                PaymentVoided.class, new PaymentVoided("o-1", T, false),
                PaymentRefunded.class, new PaymentRefunded("o-1", AMOUNT, T));
        Map<Class<?>, PaymentCommand> commands = Map.of(
                PaymentCommand.AuthorizePayment.class, new PaymentCommand.AuthorizePayment("o-1", AMOUNT, "card-ok", T),
                PaymentCommand.CapturePayment.class, new PaymentCommand.CapturePayment("o-1", T),
                PaymentCommand.VoidPayment.class, new PaymentCommand.VoidPayment("o-1", T),
                PaymentCommand.RefundPayment.class, new PaymentCommand.RefundPayment("o-1", T));

        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(GatewayOutcome.class.getPermittedSubclasses());
        assertThat(events.keySet()).containsExactlyInAnyOrder(PaymentEvent.class.getPermittedSubclasses());
        assertThat(commands.keySet()).containsExactlyInAnyOrder(PaymentCommand.class.getPermittedSubclasses());
        outcomes.values().forEach(outcome -> decider.decide(outcome, stateAfter(List.of(AUTHORIZED))));
        events.values().forEach(event -> decider.evolve(stateAfter(List.of(AUTHORIZED)), event));
        commands.values().forEach(command -> PaymentDecider.needsGateway(command, stateAfter(List.of(AUTHORIZED))));
    }
}
