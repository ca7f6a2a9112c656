package dev.domainagents.payment.gateway;

import io.vertx.core.Future;

import java.math.BigDecimal;

/**
 * The port to a payment gateway. Every call carries an idempotency key, so a call repeated
 * after a crash or a timeout is answered, not executed, a second time. A decline is an
 * answer; a transient failure is a failed future with {@link GatewayUnavailable}. Capture and
 * void name the authorization they settle by the idempotency key of its authorize call; once one
 * of them settled it, the other is refused with {@link AuthorizationSettled}.
 */
public interface PaymentGateway {

    /** The gateway's answer to an authorization request. */
    record Authorization(boolean approved, String declineReason) {
    }

    Future<Authorization> authorize(String idempotencyKey, String paymentMethod, BigDecimal amount);

    Future<Void> capture(String authorization, String idempotencyKey, BigDecimal amount);

    Future<Void> voidAuthorization(String authorization, String idempotencyKey);

    Future<Void> refund(String idempotencyKey, BigDecimal amount);
}
