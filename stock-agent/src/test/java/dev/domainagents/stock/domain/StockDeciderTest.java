package dev.domainagents.stock.domain;

import dev.domainagents.stock.api.StockCommand;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockEvent.StockLevelSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class StockDeciderTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private final StockDecider decider = new StockDecider();

    private List<StockEvent> given(List<StockEvent> history, StockCommand when) {
        Stock state = decider.initialState();
        for (StockEvent event : history) {
            state = decider.evolve(state, event);
        }
        return decider.decide(when, state);
    }

    @Test
    void settingStockOfANewSkuRecordsTheLevel() {
        assertThat(given(List.of(), new SetStock("SKU-1", 100, T)))
                .containsExactly(new StockLevelSet("SKU-1", 100, T));
    }

    @Test
    void settingADifferentLevelRecordsTheNewLevel() {
        assertThat(given(List.of(new StockLevelSet("SKU-1", 100, T)), new SetStock("SKU-1", 40, T)))
                .containsExactly(new StockLevelSet("SKU-1", 40, T));
    }

    @Test
    void settingTheSameLevelAgainChangesNothing() {
        assertThat(given(List.of(new StockLevelSet("SKU-1", 100, T)), new SetStock("SKU-1", 100, T))).isEmpty();
    }

    @Test
    void everyCommandAndEventIsHandled() {
        Stock known = new Stock("SKU-1", true, 1, 0);
        for (Class<?> command : StockCommand.class.getPermittedSubclasses()) {
            assertThat(command.getRecordComponents()).isNotNull();
        }
        assertThatCode(() -> Arrays.stream(StockEvent.class.getPermittedSubclasses())
                .forEach(type -> decider.evolve(known, sampleEvent(type)))).doesNotThrowAnyException();
        assertThatCode(() -> Arrays.stream(StockCommand.class.getPermittedSubclasses())
                .forEach(type -> decider.decide(sampleCommand(type), known))).doesNotThrowAnyException();
    }

    private static StockEvent sampleEvent(Class<?> type) {
        if (type == StockLevelSet.class) {
            return new StockLevelSet("SKU-1", 1, T);
        }
        throw new AssertionError("no sample for " + type.getName() + ": add one, and handle it in the decider");
    }

    private static StockCommand sampleCommand(Class<?> type) {
        if (type == SetStock.class) {
            return new SetStock("SKU-1", 2, T);
        }
        throw new AssertionError("no sample for " + type.getName() + ": add one, and handle it in the decider");
    }
}
