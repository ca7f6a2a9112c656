package dev.domainagents.order.view;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.agent.ProjectionAgent;
import dev.domainagents.order.api.OrderEvent.OrderCancelled;
import dev.domainagents.order.api.OrderEvent.OrderConfirmed;
import dev.domainagents.order.api.OrderEvent.OrderPlaced;
import dev.domainagents.order.view.OrderView.Change;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;

/**
 * Keeps {@code order_view} from the order events, and once a change has committed announces
 * the order's new status on {@link #STATUS_CHANGED} (published: every node's HTTP ingress
 * hears it) for the requests waiting on that order.
 */
public final class OrderProjection extends ProjectionAgent {
    public static final String NAME = "order-view";
    public static final String STATUS_CHANGED = "order.status-changed";

    private final OrderViews views = new OrderViews();

    public OrderProjection(AgentRuntime runtime) {
        super(NAME, runtime);
        when(OrderPlaced.class, (placed, context) -> {
            OrderView view = OrderView.placed(placed, context.message().type(), context.position().orElseThrow().sequence());
            return views.insert(context.sql(), view).onSuccess(stored -> announce(context, view.orderId(), view.status(), null, view.createdAt()));
        });
        when(OrderConfirmed.class, (confirmed, context) ->
                end(context, confirmed.orderId(), OrderView.CONFIRMED, null, new Change(context.message().type(), confirmed.at())));
        when(OrderCancelled.class, (cancelled, context) ->
                end(context, cancelled.orderId(), OrderView.CANCELLED, cancelled.reason(), new Change(context.message().type(), cancelled.at())));
    }

    @Override
    protected Future<Void> clear(SqlConnection sql) {
        return views.clear(sql);
    }

    private Future<Void> end(HandlerContext context, String orderId, String status, String reason, Change change) {
        return views.end(context.sql(), orderId, status, reason, change)
                .onSuccess(stored -> announce(context, orderId, status, reason, change.at()));
    }

    private void announce(HandlerContext context, String orderId, String status, String reason, Instant at) {
        JsonObject change = new JsonObject().put("orderId", orderId).put("status", status).put("reason", reason).put("at", at.toString());
        context.afterCommit(() -> vertx.eventBus().publish(STATUS_CHANGED, change));
    }
}
