package dev.domainagents.stock.domain;

import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockEvent.StockCommitted;
import dev.domainagents.stock.api.StockEvent.StockLevelSet;
import dev.domainagents.stock.api.StockEvent.StockReleased;
import dev.domainagents.stock.api.StockEvent.StockReserved;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StockDeciderTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private final StockDecider decider = new StockDecider();

    private Stock after(List<StockEvent> history) {
        Stock state = decider.initialState();
        for (StockEvent event : history) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    @Test
    void settingStockOfANewSkuRecordsTheLevel() {
        assertThat(decider.decide(new SetStock("SKU-1", 100, T), after(List.of())))
                .containsExactly(new StockLevelSet("SKU-1", 100, T));
    }

    @Test
    void settingTheSameLevelAgainChangesNothing() {
        assertThat(decider.decide(new SetStock("SKU-1", 100, T), after(List.of(new StockLevelSet("SKU-1", 100, T))))).isEmpty();
    }

    @Test
    void reservationMovesUnitsFromAvailableToReservedAndCommitTakesThemOut() {
        List<StockEvent> history = List.of(new StockLevelSet("SKU-1", 10, T), new StockReserved("SKU-1", "o-1", 3, T));

        assertThat(after(history)).isEqualTo(new Stock("SKU-1", true, 7, 3));
        assertThat(after(List.of(history.get(0), history.get(1), new StockCommitted("SKU-1", "o-1", 3, T))))
                .isEqualTo(new Stock("SKU-1", true, 7, 0));
        assertThat(after(List.of(history.get(0), history.get(1), new StockReleased("SKU-1", "o-1", 3, T))))
                .isEqualTo(new Stock("SKU-1", true, 10, 0));
    }

    @Test
    void settingTheLevelKeepsReservationsStanding() {
        assertThat(after(List.of(new StockLevelSet("SKU-1", 10, T), new StockReserved("SKU-1", "o-1", 3, T),
                new StockLevelSet("SKU-1", 50, T)))).isEqualTo(new Stock("SKU-1", true, 50, 3));
    }

    @Test
    void everyEventIsHandled() {
        Map<Class<?>, StockEvent> samples = Map.of(
                StockLevelSet.class, new StockLevelSet("SKU-1", 1, T),
                StockReserved.class, new StockReserved("SKU-1", "o", 1, T),
                StockReleased.class, new StockReleased("SKU-1", "o", 1, T),
                StockCommitted.class, new StockCommitted("SKU-1", "o", 1, T));

        assertThat(samples.keySet()).containsExactlyInAnyOrder(StockEvent.class.getPermittedSubclasses());
        samples.values().forEach(event -> decider.evolve(new Stock("SKU-1", true, 5, 5), event));
    }
}
