package dev.domainagents.payment.domain;

import dev.domainagents.core.agent.Decider;
import dev.domainagents.payment.api.PaymentCommand;
import dev.domainagents.payment.api.PaymentEvent;
import dev.domainagents.payment.api.PaymentEvent.PaymentAuthorized;
import dev.domainagents.payment.api.PaymentEvent.PaymentCaptured;
import dev.domainagents.payment.api.PaymentEvent.PaymentDeclined;
import dev.domainagents.payment.api.PaymentEvent.PaymentRefunded;
import dev.domainagents.payment.api.PaymentEvent.PaymentVoided;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One order's payment. Each step happens at most once: a repeated or out-of-place request
 * changes nothing, and {@link #needsGateway} keeps the agent from calling the gateway again
 * for a step already recorded. A capture happens only after an authorization, never after
 * a void; a refund only after a capture. Commands of one payment are decided one at a time, so
 * the first of a capture and a void to be recorded wins and the other changes nothing: the
 * payment is the arbiter between a capture still retried and the void of a saga that gave up.
 */
public final class PaymentDecider implements Decider<GatewayOutcome, PaymentEvent, Payment> {

    /** Whether the command still needs the gateway, given what the payment has recorded. */
    public static boolean needsGateway(PaymentCommand command, Payment state) {
        PaymentStatus status = state.status();
        if (command instanceof PaymentCommand.AuthorizePayment) {
            return status == PaymentStatus.NONE;
        }
        if (command instanceof PaymentCommand.CapturePayment || command instanceof PaymentCommand.VoidPayment) {
            return status == PaymentStatus.AUTHORIZED;
        }
        if (command instanceof PaymentCommand.RefundPayment) {
            return status == PaymentStatus.CAPTURED;
        }
        throw new IllegalArgumentException("unhandled payment command " + command.getClass().getName());
    }

    /**
     * What is recorded when the gateway still cannot be reached on the command's last attempt:
     * a void is recorded anyway, lapsed (the gateway lets an uncaptured authorization lapse, and
     * this payment refuses any capture from then on), so that a compensation never waits on the
     * gateway; any other step has no such outcome and goes to the dead letters.
     */
    public static Optional<GatewayOutcome> withoutGateway(PaymentCommand command, Instant at) {
        return command instanceof PaymentCommand.VoidPayment
                ? Optional.of(new GatewayOutcome.Void(command.orderId(), at, true))
                : Optional.empty();
    }

    @Override
    public Payment initialState() {
        return Payment.none();
    }

    @Override
    public List<PaymentEvent> decide(GatewayOutcome outcome, Payment state) {
        PaymentStatus status = state.status();
        if (outcome instanceof GatewayOutcome.Authorization a) {
            if (status != PaymentStatus.NONE) {
                return List.of();
            }
            return List.of(a.approved()
                    ? new PaymentAuthorized(a.orderId(), a.amount(), a.paymentMethod(), a.at())
                    : new PaymentDeclined(a.orderId(), a.amount(), a.paymentMethod(), a.declineReason(), a.at()));
        }
        if (outcome instanceof GatewayOutcome.Capture c) {
            return status != PaymentStatus.AUTHORIZED ? List.of() : List.of(new PaymentCaptured(c.orderId(), state.amount(), c.at()));
        }
        if (outcome instanceof GatewayOutcome.Void v) {
            return status != PaymentStatus.AUTHORIZED ? List.of() : List.of(new PaymentVoided(v.orderId(), v.at(), v.lapsed()));
        }
        if (outcome instanceof GatewayOutcome.Refund r) {
            return status != PaymentStatus.CAPTURED ? List.of() : List.of(new PaymentRefunded(r.orderId(), state.amount(), r.at()));
        }
        throw new IllegalArgumentException("unhandled gateway outcome " + outcome.getClass().getName());
    }

    @Override
    public Payment evolve(Payment state, PaymentEvent event) {
        if (event instanceof PaymentAuthorized a) {
            return new Payment(a.orderId(), PaymentStatus.AUTHORIZED, a.amount(), a.paymentMethod(), null);
        }
        if (event instanceof PaymentDeclined d) {
            return new Payment(d.orderId(), PaymentStatus.DECLINED, d.amount(), d.paymentMethod(), d.reason());
        }
        if (event instanceof PaymentCaptured) {
            return new Payment(state.orderId(), PaymentStatus.CAPTURED, state.amount(), state.paymentMethod(), null);
        }
        if (event instanceof PaymentVoided) {
            return new Payment(state.orderId(), PaymentStatus.VOIDED, state.amount(), state.paymentMethod(), null);
        }
        if (event instanceof PaymentRefunded) {
            return new Payment(state.orderId(), PaymentStatus.REFUNDED, state.amount(), state.paymentMethod(), null);
        }
        throw new IllegalArgumentException("unhandled payment event " + event.getClass().getName());
    }
}
