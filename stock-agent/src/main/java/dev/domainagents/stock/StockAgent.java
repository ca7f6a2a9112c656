package dev.domainagents.stock;

import dev.domainagents.core.agent.Aggregate;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.stock.api.StockCommand;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockLevel;
import dev.domainagents.stock.domain.Stock;
import dev.domainagents.stock.domain.StockDecider;

/** Execution agent of the Stock aggregate, one event stream per SKU. */
public final class StockAgent extends ExecutionAgent {
    static final Aggregate<StockCommand, StockEvent, Stock> STOCK = Aggregate.of(new StockDecider(), StockEvent.class);

    public StockAgent(AgentRuntime runtime) {
        super("stock", runtime);
        on(SetStock.class, STOCK, StockAgent::streamOf, StockAgent::levelOf);
    }

    static String streamOf(StockCommand command) {
        return streamOf(command.sku());
    }

    static String streamOf(String sku) {
        return "stock-" + sku;
    }

    static StockLevel levelOf(Stock stock) {
        return new StockLevel(stock.sku(), stock.available(), stock.reserved());
    }
}
