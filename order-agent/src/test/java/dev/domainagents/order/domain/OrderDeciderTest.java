package dev.domainagents.order.domain;

import dev.domainagents.order.api.OrderCommand;
import dev.domainagents.order.api.OrderCommand.CancelOrder;
import dev.domainagents.order.api.OrderCommand.ConfirmOrder;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.api.OrderEvent;
import dev.domainagents.order.api.OrderEvent.OrderCancelled;
import dev.domainagents.order.api.OrderEvent.OrderConfirmed;
import dev.domainagents.order.api.OrderEvent.OrderPlaced;
import dev.domainagents.order.api.OrderLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrderDeciderTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final List<OrderLine> LINES = List.of(
            new OrderLine("SKU-1", 2, new BigDecimal("10.50")), new OrderLine("SKU-2", 1, new BigDecimal("0.99")));
    private static final OrderPlaced PLACED = new OrderPlaced("o-1", "c-42", LINES, new BigDecimal("21.99"), "card-ok", T);
    private final OrderDecider decider = new OrderDecider();

    private List<OrderEvent> given(List<OrderEvent> history, OrderCommand when) {
        Order state = decider.initialState();
        for (OrderEvent event : history) {
            state = decider.evolve(state, event);
        }
        return decider.decide(when, state);
    }

    @Test
    void placingANewOrderRecordsItWithItsTotal() {
        assertThat(given(List.of(), new PlaceOrder("o-1", "c-42", LINES, "card-ok", T))).containsExactly(PLACED);
    }

    @Test
    void placingTheSameOrderAgainChangesNothing() {
        assertThat(given(List.of(PLACED), new PlaceOrder("o-1", "c-42", LINES, "card-ok", T))).isEmpty();
    }

    @Test
    void pendingOrderIsConfirmedOnce() {
        assertThat(given(List.of(PLACED), new ConfirmOrder("o-1", T))).containsExactly(new OrderConfirmed("o-1", T));
        assertThat(given(List.of(PLACED, new OrderConfirmed("o-1", T)), new ConfirmOrder("o-1", T))).isEmpty();
    }

    @Test
    void pendingOrderIsCancelledWithItsReason() {
        assertThat(given(List.of(PLACED), new CancelOrder("o-1", "out_of_stock", T)))
                .containsExactly(new OrderCancelled("o-1", "out_of_stock", T));
    }

    @Test
    void terminalOrderIgnoresTheOppositeOutcome() {
        assertThat(given(List.of(PLACED, new OrderConfirmed("o-1", T)), new CancelOrder("o-1", "timeout", T))).isEmpty();
        assertThat(given(List.of(PLACED, new OrderCancelled("o-1", "timeout", T)), new ConfirmOrder("o-1", T))).isEmpty();
    }

    @Test
    void orderNeverPlacedCannotBeConfirmedOrCancelled() {
        assertThat(given(List.of(), new ConfirmOrder("o-1", T))).isEmpty();
        assertThat(given(List.of(), new CancelOrder("o-1", "timeout", T))).isEmpty();
    }

    @Test
    void everyCommandAndEventIsHandled() {
        Map<Class<?>, OrderCommand> commands = Map.of(
                PlaceOrder.class, new PlaceOrder("o-1", "c", LINES, "card-ok", T),
                ConfirmOrder.class, new ConfirmOrder("o-1", T),
                CancelOrder.class, new CancelOrder("o-1", "timeout", T));
        Map<Class<?>, OrderEvent> events = Map.of(
                OrderPlaced.class, PLACED,
                OrderConfirmed.class, new OrderConfirmed("o-1", T),
                OrderCancelled.class, new OrderCancelled("o-1", "timeout", T));

        assertThat(commands.keySet()).containsExactlyInAnyOrder(OrderCommand.class.getPermittedSubclasses());
        assertThat(events.keySet()).containsExactlyInAnyOrder(OrderEvent.class.getPermittedSubclasses());
        commands.values().forEach(command -> decider.decide(command, decider.evolve(decider.initialState(), PLACED)));
        events.values().forEach(event -> decider.evolve(decider.evolve(decider.initialState(), PLACED), event));
    }
}
