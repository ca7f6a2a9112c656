package dev.domainagents.payment;

import dev.domainagents.core.agent.Aggregate;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.core.agent.HandlerContext;
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

import java.util.function.Function;

/**
 * Execution agent of the Payment aggregate (one per order). Each command first checks the
 * recorded state, calls the gateway through its circuit breaker only if the step is still
 * to do, with an idempotency key of order and step, then records the gateway's answer: also
 * its refusal to capture an authorization it voided, or to void one it captured, which records
 * what did happen. A gateway still unreachable on a command's last attempt records what
 * {@link PaymentDecider#withoutGateway} says (a lapsed void), or buries the command.
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
        on(AuthorizePayment.class, (command, context) -> step(command, context, payment -> gateway
                .authorize(keyOf(command, "authorize"), command.paymentMethod(), command.amount())
                .map(answer -> new GatewayOutcome.Authorization(command.orderId(), command.amount(), command.paymentMethod(),
                        answer.approved(), answer.declineReason(), context.now()))));
        on(CapturePayment.class, (command, context) -> step(command, context, payment -> settled(context, command.orderId(), gateway
                .capture(keyOf(command, "authorize"), keyOf(command, "capture"), payment.amount()).map(true))));
        on(VoidPayment.class, (command, context) -> step(command, context, payment -> settled(context, command.orderId(), gateway
                .voidAuthorization(keyOf(command, "authorize"), keyOf(command, "void")).map(false))));
        on(RefundPayment.class, (command, context) -> step(command, context, payment -> gateway
                .refund(keyOf(command, "refund"), payment.amount())
                .map(done -> new GatewayOutcome.Refund(command.orderId(), context.now()))));
    }

    @Override
    public Future<?> start() {
        gateway = gateways.apply(vertx);
        return super.start();
    }

    private Future<PaymentSummary> step(PaymentCommand command, HandlerContext context,
                                        Function<Payment, Future<? extends GatewayOutcome>> callGateway) {
        return context.load(PAYMENT, "payment-" + command.orderId()).compose(loaded -> {
            if (!PaymentDecider.needsGateway(command, loaded.state())) {
                return Future.succeededFuture(summaryOf(loaded.state()));
            }
            return context.callOutside(GATEWAY, () -> callGateway.apply(loaded.state()))
                    .<GatewayOutcome>map(outcome -> outcome)
                    .recover(failure -> withoutGatewayOnLastAttempt(command, context, failure))
                    .compose(outcome -> context.decide(PAYMENT, loaded, outcome))
                    .map(PaymentAgent::summaryOf);
        });
    }

    /** How a capture or void ({@code call}) settled the authorization: as asked, or as the other step did first. */
    private static Future<GatewayOutcome> settled(HandlerContext context, String orderId, Future<Boolean> call) {
        return call.recover(failure -> failure instanceof AuthorizationSettled settled
                        ? Future.succeededFuture(settled.captured())
                        : Future.failedFuture(failure))
                .map(captured -> captured
                        ? new GatewayOutcome.Capture(orderId, context.now())
                        : new GatewayOutcome.Void(orderId, context.now(), false));
    }

    private Future<GatewayOutcome> withoutGatewayOnLastAttempt(PaymentCommand command, HandlerContext context, Throwable failure) {
        boolean lastAttempt = !runtime.delivery().retryFor(name()).hasAttemptAfter(context.message().attempt());
        return lastAttempt && !Failures.isPermanent(failure)
                ? PaymentDecider.withoutGateway(command, context.now()).map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(failure))
                : Future.failedFuture(failure);
    }

    private static String keyOf(PaymentCommand command, String step) {
        return command.orderId() + ":" + step;
    }

    private static PaymentSummary summaryOf(Payment payment) {
        return new PaymentSummary(payment.orderId(), payment.status().name(), payment.amount(), payment.reason());
    }
}
