package dev.domainagents.stock;

import dev.domainagents.core.agent.Aggregate;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.agent.Loaded;
import dev.domainagents.stock.api.ReservationEvent;
import dev.domainagents.stock.api.ReservationEvent.ReservationRejected;
import dev.domainagents.stock.api.ReservationSummary;
import dev.domainagents.stock.api.StockCommand.CommitStock;
import dev.domainagents.stock.api.StockCommand.ReleaseStock;
import dev.domainagents.stock.api.StockCommand.ReserveStock;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockLevel;
import dev.domainagents.stock.api.StockLine;
import dev.domainagents.stock.domain.Reservation;
import dev.domainagents.stock.domain.ReservationDecider;
import dev.domainagents.stock.domain.ReservationRequest;
import dev.domainagents.stock.domain.Stock;
import dev.domainagents.stock.domain.StockDecider;
import dev.domainagents.stock.domain.StockMovements;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Execution agent of stock: one stream per SKU ({@code stock-<sku>}) and one per order's
 * reservation ({@code stock-order-<orderId>}). A reservation command loads the order's
 * reservation and the SKUs it touches, lets the {@link ReservationDecider} decide, and
 * appends the reservation's event and each SKU's movement in one transaction at the
 * versions it read: all or nothing, and a concurrent change to any SKU makes it retry.
 * On start it seeds the SKUs of {@code stock.seed} that were never set ({@link StockSeed}).
 */
public final class StockAgent extends ExecutionAgent {
    /** A SKU's stream grows with every order: snapshotted, so a cold read folds at most 100 events. */
    static final Aggregate<SetStock, StockEvent, Stock> STOCK = Aggregate.of(new StockDecider(), StockEvent.class)
            .snapshotEvery(100, Stock.class);
    static final Aggregate<ReservationRequest, ReservationEvent, Reservation> RESERVATION =
            Aggregate.of(new ReservationDecider(), ReservationEvent.class);

    private final StockSeed seed;

    /** A stock agent seeding what {@code stock.seed} of the runtime's configuration says. */
    public StockAgent(AgentRuntime runtime) {
        this(runtime, StockSeed.fromConfig(runtime.config()));
    }

    StockAgent(AgentRuntime runtime, StockSeed seed) {
        super("stock", runtime);
        this.seed = seed;
        on(SetStock.class, STOCK, set -> streamOf(set.sku()), StockAgent::levelOf);
        on(ReserveStock.class, reserve -> touched(reserve.orderId(), reserve.lines()), (reserve, context) ->
                decide(context, reserve.orderId(), reserve.lines(),
                        stocks -> new ReservationRequest.Reserve(reserve.orderId(), reserve.lines(), stocks, context.now())));
        on(ReleaseStock.class, release -> touched(release.orderId(), release.lines()), (release, context) ->
                decide(context, release.orderId(), List.of(), stocks -> new ReservationRequest.Release(release.orderId(), context.now())));
        on(CommitStock.class, commit -> touched(commit.orderId(), commit.lines()), (commit, context) ->
                decide(context, commit.orderId(), List.of(), stocks -> new ReservationRequest.Commit(commit.orderId(), context.now())));
    }

    /** Seeds the SKUs never set, then takes commands. */
    @Override
    public Future<?> start() {
        return seed.plant(runtime).compose(seeded -> super.start());
    }

    static String streamOf(String sku) {
        return "stock-" + sku;
    }

    static String reservationStreamOf(String orderId) {
        return "stock-order-" + orderId;
    }

    static StockLevel levelOf(Stock stock) {
        return new StockLevel(stock.sku(), stock.available(), stock.reserved());
    }

    private static List<String> touched(String orderId, List<StockLine> lines) {
        List<String> keys = new ArrayList<>(List.of(reservationStreamOf(orderId)));
        lines.forEach(line -> keys.add(streamOf(line.sku())));
        return keys;
    }

    /**
     * Decides a reservation request against the SKUs of {@code lines} (for a reservation)
     * and records its event and the SKU movements it implies.
     */
    private Future<ReservationSummary> decide(HandlerContext context, String orderId, List<StockLine> lines,
                                              Function<Map<String, Stock>, ReservationRequest> request) {
        return context.load(RESERVATION, reservationStreamOf(orderId))
                .compose(reservation -> loadSkus(context, ReservationDecider.perSku(lines).stream().map(StockLine::sku).toList())
                        .compose(skus -> {
                            Map<String, Stock> stocks = skus.entrySet().stream()
                                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().state()));
                            List<ReservationEvent> decided = RESERVATION.decide(request.apply(stocks), reservation.state());
                            return record(context, reservation, decided, skus);
                        }));
    }

    private Future<ReservationSummary> record(HandlerContext context, Loaded<Reservation> reservation,
                                              List<ReservationEvent> decided, Map<String, Loaded<Stock>> loadedSkus) {
        Map<String, List<StockEvent>> movements = new LinkedHashMap<>();
        decided.forEach(event -> StockMovements.of(event)
                .forEach(movement -> movements.computeIfAbsent(movement.sku(), sku -> new ArrayList<>()).add(movement)));
        List<String> missing = movements.keySet().stream().filter(sku -> !loadedSkus.containsKey(sku)).toList();
        return loadSkus(context, missing).compose(more -> {
            Map<String, Loaded<Stock>> skus = new LinkedHashMap<>(loadedSkus);
            skus.putAll(more);
            List<Future<?>> appends = new ArrayList<>();
            appends.add(context.record(RESERVATION, reservation, decided));
            movements.forEach((sku, events) -> appends.add(context.record(STOCK, skus.get(sku), events)));
            return Future.all(appends).map(done -> summaryOf(reservation.state(), decided));
        });
    }

    /** Loads SKU streams; the queries go out together on the transaction's connection. */
    private static Future<Map<String, Loaded<Stock>>> loadSkus(HandlerContext context, List<String> skus) {
        List<Future<Loaded<Stock>>> loads = skus.stream().map(sku -> context.load(STOCK, streamOf(sku))).toList();
        return Future.all(loads).map(done -> {
            Map<String, Loaded<Stock>> bySku = new LinkedHashMap<>();
            for (int i = 0; i < skus.size(); i++) {
                bySku.put(skus.get(i), loads.get(i).result());
            }
            return bySku;
        });
    }

    private static ReservationSummary summaryOf(Reservation before, List<ReservationEvent> decided) {
        Reservation after = before;
        ReservationDecider decider = new ReservationDecider();
        for (ReservationEvent event : decided) {
            after = decider.evolve(after, event);
        }
        List<StockLine> shortages = decided.stream().filter(ReservationRejected.class::isInstance)
                .flatMap(event -> ((ReservationRejected) event).shortages().stream()).toList();
        return new ReservationSummary(after.orderId(), after.status().name(), shortages);
    }
}
