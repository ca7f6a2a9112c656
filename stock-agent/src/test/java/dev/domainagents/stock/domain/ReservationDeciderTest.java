package dev.domainagents.stock.domain;

import dev.domainagents.stock.api.ReservationEvent;
import dev.domainagents.stock.api.ReservationEvent.ReservationAccepted;
import dev.domainagents.stock.api.ReservationEvent.ReservationCommitted;
import dev.domainagents.stock.api.ReservationEvent.ReservationRejected;
import dev.domainagents.stock.api.ReservationEvent.ReservationReleased;
import dev.domainagents.stock.api.StockEvent.StockReserved;
import dev.domainagents.stock.api.StockLine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationDeciderTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final Map<String, Stock> STOCK = Map.of(
            "A", new Stock("A", true, 5, 0),
            "B", new Stock("B", true, 1, 0));
    private static final List<StockLine> LINES = List.of(new StockLine("A", 2), new StockLine("B", 1));
    private static final ReservationAccepted ACCEPTED = new ReservationAccepted("o-1", LINES, T);
    private final ReservationDecider decider = new ReservationDecider();

    private List<ReservationEvent> given(List<ReservationEvent> history, ReservationRequest when) {
        Reservation state = decider.initialState();
        for (ReservationEvent event : history) {
            state = decider.evolve(state, event);
        }
        return decider.decide(when, state);
    }

    @Test
    void reservesEveryLineWhenAllAreAvailable() {
        assertThat(given(List.of(), new ReservationRequest.Reserve("o-1", LINES, STOCK, T))).containsExactly(ACCEPTED);
    }

    @Test
    void rejectsReservationBeyondAvailableStockAndReservesNothing() {
        List<StockLine> tooMany = List.of(new StockLine("A", 2), new StockLine("B", 2));

        assertThat(given(List.of(), new ReservationRequest.Reserve("o-1", tooMany, STOCK, T)))
                .containsExactly(new ReservationRejected("o-1", "out_of_stock", List.of(new StockLine("B", 2)), T));
    }

    @Test
    void linesOfTheSameSkuCountTogether() {
        List<StockLine> split = List.of(new StockLine("A", 3), new StockLine("A", 3));

        assertThat(given(List.of(), new ReservationRequest.Reserve("o-1", split, STOCK, T)))
                .containsExactly(new ReservationRejected("o-1", "out_of_stock", List.of(new StockLine("A", 6)), T));
    }

    @Test
    void unknownSkuIsOutOfStock() {
        assertThat(given(List.of(), new ReservationRequest.Reserve("o-1", List.of(new StockLine("Z", 1)), STOCK, T)))
                .containsExactly(new ReservationRejected("o-1", "out_of_stock", List.of(new StockLine("Z", 1)), T));
    }

    @Test
    void secondReservationOfTheSameOrderChangesNothing() {
        assertThat(given(List.of(ACCEPTED), new ReservationRequest.Reserve("o-1", LINES, STOCK, T))).isEmpty();
    }

    @Test
    void releaseGivesBackWhatWasReservedOnce() {
        assertThat(given(List.of(ACCEPTED), new ReservationRequest.Release("o-1", T)))
                .containsExactly(new ReservationReleased("o-1", LINES, T));
        assertThat(given(List.of(ACCEPTED, new ReservationReleased("o-1", LINES, T)), new ReservationRequest.Release("o-1", T))).isEmpty();
    }

    @Test
    void releaseBeforeTheReservationRefusesTheLateReservation() {
        ReservationReleased early = new ReservationReleased("o-1", List.of(), T);

        assertThat(given(List.of(), new ReservationRequest.Release("o-1", T))).containsExactly(early);
        assertThat(given(List.of(early), new ReservationRequest.Reserve("o-1", LINES, STOCK, T))).isEmpty();
    }

    @Test
    void commitHappensOnceAndNeverAfterARelease() {
        assertThat(given(List.of(ACCEPTED), new ReservationRequest.Commit("o-1", T)))
                .containsExactly(new ReservationCommitted("o-1", LINES, T));
        assertThat(given(List.of(ACCEPTED, new ReservationCommitted("o-1", LINES, T)), new ReservationRequest.Commit("o-1", T))).isEmpty();
        assertThat(given(List.of(ACCEPTED, new ReservationReleased("o-1", LINES, T)), new ReservationRequest.Commit("o-1", T))).isEmpty();
    }

    @Test
    void acceptedReservationMovesEachSku() {
        assertThat(StockMovements.of(ACCEPTED))
                .containsExactly(new StockReserved("A", "o-1", 2, T), new StockReserved("B", "o-1", 1, T));
    }

    @Test
    void everyRequestAndEventIsHandled() {
        Map<Class<?>, ReservationRequest> requests = Map.of(
                ReservationRequest.Reserve.class, new ReservationRequest.Reserve("o-1", LINES, STOCK, T),
                ReservationRequest.Release.class, new ReservationRequest.Release("o-1", T),
                ReservationRequest.Commit.class, new ReservationRequest.Commit("o-1", T));
        Map<Class<?>, ReservationEvent> events = Map.of(
                ReservationAccepted.class, ACCEPTED,
                ReservationRejected.class, new ReservationRejected("o-1", "out_of_stock", LINES, T),
                ReservationReleased.class, new ReservationReleased("o-1", LINES, T),
                ReservationCommitted.class, new ReservationCommitted("o-1", LINES, T));

        assertThat(requests.keySet()).containsExactlyInAnyOrder(ReservationRequest.class.getPermittedSubclasses());
        assertThat(events.keySet()).containsExactlyInAnyOrder(ReservationEvent.class.getPermittedSubclasses());
        requests.values().forEach(request -> decider.decide(request, decider.initialState()));
        events.values().forEach(event -> {
            decider.evolve(decider.initialState(), event);
            StockMovements.of(event);
        });
    }
}
