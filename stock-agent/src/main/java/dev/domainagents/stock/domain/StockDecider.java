package dev.domainagents.stock.domain;

import dev.domainagents.core.agent.Decider;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockEvent.StockCommitted;
import dev.domainagents.stock.api.StockEvent.StockLevelSet;
import dev.domainagents.stock.api.StockEvent.StockReleased;
import dev.domainagents.stock.api.StockEvent.StockReserved;

import java.util.List;

/**
 * The stock of one SKU. An operator sets the level; reservations move units between
 * {@code available} and {@code reserved} as the {@link ReservationDecider} decides, and a
 * commit takes reserved units out (sold).
 */
public final class StockDecider implements Decider<SetStock, StockEvent, Stock> {

    @Override
    public Stock initialState() {
        return Stock.unknown();
    }

    @Override
    public List<StockEvent> decide(SetStock command, Stock state) {
        if (state.known() && state.available() == command.available()) {
            return List.of();
        }
        return List.of(new StockLevelSet(command.sku(), command.available(), command.at()));
    }

    @Override
    public Stock evolve(Stock state, StockEvent event) {
        if (event instanceof StockLevelSet set) {
            return new Stock(set.sku(), true, set.available(), state.reserved());
        }
        if (event instanceof StockReserved reserved) {
            return new Stock(reserved.sku(), true, state.available() - reserved.quantity(), state.reserved() + reserved.quantity());
        }
        if (event instanceof StockReleased released) {
            return new Stock(released.sku(), true, state.available() + released.quantity(), state.reserved() - released.quantity());
        }
        if (event instanceof StockCommitted committed) {
            return new Stock(committed.sku(), true, state.available(), state.reserved() - committed.quantity());
        }
        throw new IllegalArgumentException("unhandled stock event " + event.getClass().getName());
    }
}
