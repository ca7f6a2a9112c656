package dev.domainagents.payment;

import dev.domainagents.core.agent.Aggregate;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.agent.OutsideContext;
import dev.domainagents.core.delivery.Failures;
import dev.domainagents.payment.api.PaymentCommand;
import dev.domainagents.payment.api.PaymentCommand.AuthorizePayment;
import dev.domainagents.payment.api.PaymentCommand.CapturePayment;
import dev.domainagents.payment.api.PaymentCommand.RefundPayment;
import dev.domainagents.payment.api.PaymentCommand.VoidPayment;
import dev.domainagents.payment.api.PaymentEvent;
import dev.domainagents.payment.api.PaymentSummary;
import dev.domainagents.payment.domain.GatewayOutcome;
import dev.domainagents.payment.domain.Payment;
import dev.domainagents.payment.domain.PaymentDecider;
import dev.domainagents.payment.gateway.AuthorizationSettled;
import dev.domainagents.payment.gateway.PaymentGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Execution agent of the Payment aggregate (one per order). Each command first checks the
 * recorded state, calls the gateway through its circuit breaker only if the step is still
 * to do, with the idempotency key of order and step, before its transaction; then records the
 * gateway's answer in the transaction: also its refusal to capture an authorization it voided,
 * or to void one it captured, which records what did happen. A gateway still unreachable on a
 * command's last attempt records what {@link PaymentDecider#withoutGateway} says (a lapsed
 * void), or buries the command.
 */
public final class PaymentAgent extends ExecutionAgent {
    /** The circuit breaker's name for the gateway. */
    public static final String GATEWAY = "payment-gateway";
    static final Aggregate<GatewayOutcome, PaymentEvent, Payment> PAYMENT = Aggregate.of(new PaymentDecider(), PaymentEvent.class);

    private final Function<Vertx, PaymentGateway> gateways;
    private PaymentGateway gateway;

    /** {@code gateways} makes the gateway adapter once the agent has its Vert.x instance. */
    public PaymentAgent(AgentRuntime runtime, Function<Vertx, PaymentGateway> gateways) {
        super("payment", runtime);
        this.gateways = gateways;
        onOutside(AuthorizePayment.class, (command, outside) -> ask(command, outside, (payment, key) -> gateway
                .authorize(key, command.paymentMethod(), command.amount())
                .map(answer -> new GatewayOutcome.Authorization(command.orderId(), command.amount(), command.paymentMethod(),
                        answer.approved(), answer.declineReason(), outside.now()))), PaymentAgent::record);
        onOutside(CapturePayment.class, (command, outside) -> ask(command, outside, (payment, key) -> settled(outside, command.orderId(),
                gateway.capture(authorizationOf(command), key, payment.amount()).map(true))), PaymentAgent::record);
        onOutside(VoidPayment.class, (command, outside) -> ask(command, outside, (payment, key) -> settled(outside, command.orderId(),
                gateway.voidAuthorization(authorizationOf(command), key).map(false))), PaymentAgent::record);
        onOutside(RefundPayment.class, (command, outside) -> ask(command, outside, (payment, key) -> gateway
                .refund(key, payment.amount())
                .map(done -> new GatewayOutcome.Refund(command.orderId(), outside.now()))), PaymentAgent::record);
    }

    @Override
    public Future<?> start() {
        gateway = gateways.apply(vertx);
        return super.start();
    }

    /** Before the transaction: the gateway's answer, if the recorded state says the step is still to do. */
    private Future<Optional<GatewayOutcome>> ask(PaymentCommand command, OutsideContext outside,
                                                        BiFunction<Payment, String, Future<? extends GatewayOutcome>> callGateway) {
        return outside.load(PAYMENT, streamOf(command)).compose(loaded -> {
            if (!PaymentDecider.needsGateway(command, loaded.state())) {
                return Future.succeededFuture(Optional.empty());
            }
            return outside.call(GATEWAY, key -> callGateway.apply(loaded.state(), key).<GatewayOutcome>map(outcome -> outcome))
                    .recover(failure -> withoutGatewayOnLastAttempt(command, outside, failure))
                    .map(Optional::of);
        });
    }

    /** In the transaction: the gateway's answer decided on the state as it is now. */
    private static Future<PaymentSummary> record(PaymentCommand command, Optional<GatewayOutcome> outcome, HandlerContext context) {
        return context.load(PAYMENT, streamOf(command))
                .compose(loaded -> outcome.isEmpty() ? Future.succeededFuture(loaded.state()) : context.decide(PAYMENT, loaded, outcome.get()))
                .map(PaymentAgent::summaryOf);
    }

    /** How a capture or void ({@code call}) settled the authorization: as asked, or as the other step did first. */
    private static Future<GatewayOutcome> settled(OutsideContext outside, String orderId, Future<Boolean> call) {
        return call.recover(failure -> failure instanceof AuthorizationSettled settled
                        ? Future.succeededFuture(settled.captured())
                        : Future.failedFuture(failure))
                .map(captured -> captured
                        ? new GatewayOutcome.Capture(orderId, outside.now())
                        : new GatewayOutcome.Void(orderId, outside.now(), false));
    }

    private Future<GatewayOutcome> withoutGatewayOnLastAttempt(PaymentCommand command, OutsideContext outside, Throwable failure) {
        boolean lastAttempt = !runtime.delivery().retryFor(name()).hasAttemptAfter(outside.message().attempt());
        return lastAttempt && !Failures.isPermanent(failure)
                ? PaymentDecider.withoutGateway(command, outside.now()).map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(failure))
                : Future.failedFuture(failure);
    }

    /** The gateway's reference of the order's authorization, which its capture or void settles. */
    private static String authorizationOf(PaymentCommand command) {
        return command.orderId() + ":authorize";
    }

    private static String streamOf(PaymentCommand command) {
        return "payment-" + command.orderId();
    }

    private static PaymentSummary summaryOf(Payment payment) {
        return new PaymentSummary(payment.orderId(), payment.status().name(), payment.amount(), payment.reason());
    }
}
