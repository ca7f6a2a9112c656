package dev.domainagents.stock.domain;

import dev.domainagents.core.agent.Decider;
import dev.domainagents.stock.api.StockCommand;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockEvent.StockLevelSet;

import java.util.List;

/** The stock of one SKU: pure decisions and state changes. */
public final class StockDecider implements Decider<StockCommand, StockEvent, Stock> {

    @Override
    public Stock initialState() {
        return Stock.unknown();
    }

    @Override
    public List<StockEvent> decide(StockCommand command, Stock state) {
        if (command instanceof SetStock set) {
            if (state.known() && state.available() == set.available()) {
                return List.of();
            }
            return List.of(new StockLevelSet(set.sku(), set.available(), set.at()));
        }
        throw new IllegalArgumentException("unhandled stock command " + command.getClass().getName());
    }

    @Override
    public Stock evolve(Stock state, StockEvent event) {
        if (event instanceof StockLevelSet set) {
            return new Stock(set.sku(), true, set.available(), state.reserved());
        }
        throw new IllegalArgumentException("unhandled stock event " + event.getClass().getName());
    }
}
