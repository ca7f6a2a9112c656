package dev.domainagents.order.domain;

import dev.domainagents.core.agent.Decider;
import dev.domainagents.order.api.OrderCommand;
import dev.domainagents.order.api.OrderCommand.CancelOrder;
import dev.domainagents.order.api.OrderCommand.ConfirmOrder;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.api.OrderEvent;
import dev.domainagents.order.api.OrderEvent.OrderCancelled;
import dev.domainagents.order.api.OrderEvent.OrderConfirmed;
import dev.domainagents.order.api.OrderEvent.OrderPlaced;
import dev.domainagents.order.api.OrderLine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The order lifecycle. Placing is accepted once; a pending order ends confirmed or
 * cancelled, exactly once: a second confirm or cancel, or one after the end, changes nothing.
 */
public final class OrderDecider implements Decider<OrderCommand, OrderEvent, Order> {

    @Override
    public Order initialState() {
        return Order.notPlaced();
    }

    @Override
    public List<OrderEvent> decide(OrderCommand command, Order state) {
        if (command instanceof PlaceOrder place) {
            return state.status() != OrderStatus.NEW ? List.of() : List.of(new OrderPlaced(place.orderId(),
                    place.customerId(), place.items(), totalOf(place.items()), place.paymentMethod(), place.at()));
        }
        if (command instanceof ConfirmOrder confirm) {
            return state.status() != OrderStatus.PENDING ? List.of() : List.of(new OrderConfirmed(confirm.orderId(), confirm.at()));
        }
        if (command instanceof CancelOrder cancel) {
            return state.status() != OrderStatus.PENDING ? List.of()
                    : List.of(new OrderCancelled(cancel.orderId(), cancel.reason(), cancel.at()));
        }
        throw new IllegalArgumentException("unhandled order command " + command.getClass().getName());
    }

    @Override
    public Order evolve(Order state, OrderEvent event) {
        if (event instanceof OrderPlaced placed) {
            return new Order(placed.orderId(), placed.customerId(), OrderStatus.PENDING, placed.total(), null);
        }
        if (event instanceof OrderConfirmed) {
            return new Order(state.orderId(), state.customerId(), OrderStatus.CONFIRMED, state.total(), null);
        }
        if (event instanceof OrderCancelled cancelled) {
            return new Order(state.orderId(), state.customerId(), OrderStatus.CANCELLED, state.total(), cancelled.reason());
        }
        throw new IllegalArgumentException("unhandled order event " + event.getClass().getName());
    }

    static BigDecimal totalOf(List<OrderLine> items) {
        return items.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.UNNECESSARY);
    }
}
