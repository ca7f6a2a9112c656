package dev.domainagents.order.notify;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.agent.SignalAgent;
import dev.domainagents.order.OrderAgent;
import dev.domainagents.order.api.OrderEvent.OrderCancelled;
import dev.domainagents.order.api.OrderEvent.OrderConfirmed;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the customer how their order ended: one notification per order and outcome, recorded
 * in {@code notifications} in the transaction that moves this agent's checkpoint (the table's
 * key makes a repeated event a no-op), and logged once that committed. A real channel (mail,
 * push) would read that table, so it too sends each notification once.
 */
public final class CustomerNotifier extends SignalAgent {
    public static final String NAME = "customer-notifier";
    private static final Logger LOG = LoggerFactory.getLogger(CustomerNotifier.class);
    private static final String RECORD = """
            INSERT INTO notifications (order_id, outcome, customer_id, reason, message) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (order_id, outcome) DO NOTHING
            """;

    public CustomerNotifier(AgentRuntime runtime) {
        super(NAME, runtime);
        when(OrderConfirmed.class, (confirmed, context) ->
                notify(context, confirmed.orderId(), "CONFIRMED", null, "Your order " + confirmed.orderId() + " is confirmed."));
        when(OrderCancelled.class, (cancelled, context) -> notify(context, cancelled.orderId(), "CANCELLED", cancelled.reason(),
                "Your order " + cancelled.orderId() + " was cancelled (" + cancelled.reason() + ")."));
    }

    private Future<Void> notify(HandlerContext context, String orderId, String outcome, String reason, String message) {
        return context.load(OrderAgent.ORDER, OrderAgent.streamOf(orderId))
                .compose(order -> context.sql().preparedQuery(RECORD)
                        .execute(Tuple.of(orderId, outcome, order.state().customerId(), reason, message)))
                .onSuccess(recorded -> {
                    if (recorded.rowCount() == 1) {
                        context.afterCommit(() -> LOG.info("notification.sent orderId={} correlationId={} outcome={} reason={}",
                                orderId, context.message().correlationId(), outcome, reason));
                    }
                })
                .mapEmpty();
    }
}
