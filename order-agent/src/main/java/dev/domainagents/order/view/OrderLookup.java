package dev.domainagents.order.view;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.message.MessageTypes;
import dev.domainagents.core.store.RecordedEvent;
import dev.domainagents.order.OrderAgent;
import dev.domainagents.order.api.OrderEvent;
import dev.domainagents.order.api.OrderEvent.OrderPlaced;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Finds one order's view. Read-your-writes: an order accepted a moment ago may not have reached
 * the projection yet (or the projection is being rebuilt); then the order's own stream is
 * folded with the projection's rules, so a client never gets 404 for an order it was just given.
 */
public final class OrderLookup {
    private static final MessageTypes<OrderEvent> ORDER_EVENTS = MessageTypes.of(OrderEvent.class);

    private final AgentRuntime runtime;
    private final OrderViews views = new OrderViews();

    public OrderLookup(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    public Future<Optional<OrderView>> find(String orderId) {
        return views.find(runtime.pool(), orderId).compose(stored -> stored.isPresent()
                ? Future.succeededFuture(stored)
                : runtime.events().readStream(runtime.pool(), OrderAgent.streamOf(orderId), 0).map(OrderLookup::fold));
    }

    public Future<OrderViews.Page> list(String status, String customerId, Long afterCursor, int limit) {
        return views.list(runtime.pool(), status, customerId, afterCursor, limit);
    }

    static Optional<OrderView> fold(List<RecordedEvent> stream) {
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        RecordedEvent first = stream.get(0);
        OrderView view = OrderView.placed(first.payloadAs(OrderPlaced.class), first.type(), first.position().sequence());
        for (RecordedEvent later : stream.subList(1, stream.size())) {
            view = view.apply(ORDER_EVENTS.decode(later.envelope()), later.type());
        }
        return Optional.of(view);
    }
}
