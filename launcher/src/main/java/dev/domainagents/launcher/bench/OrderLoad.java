package dev.domainagents.launcher.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The order phase. Gives every bench SKU enough stock for all the orders, then places
 * {@code orders} orders over HTTP, each of one line of quantity 1 (the SKUs taken in turn) paid
 * with {@code card-ok}, with {@code concurrency} orders in flight: an order holds its lane from
 * its POST until it is seen terminal ({@link OrderWatch}) or given up
 * {@link #TERMINAL_TIMEOUT} after its POST was answered. So the platform always has that many
 * flows to work on, and the bench never holds more than that many requests or streams.
 *
 * <p>Records, with HdrHistogram, the POST latency (sent to answered) and the placed-to-terminal
 * latency (answered to seen terminal), and the span from the first POST sent to the last order
 * seen terminal. Runs on one context, so its counters need no locks.
 */
final class OrderLoad {
    static final Duration TERMINAL_TIMEOUT = Duration.ofSeconds(60);
    static final int SKUS = 16;
    static final String PAYMENT_METHOD = "card-ok";
    private static final int KEPT_ERRORS = 5;
    private static final List<String> SKU_NAMES =
            IntStream.rangeClosed(1, SKUS).mapToObj(i -> String.format(Locale.ROOT, "BENCH-%02d", i)).toList();

    private final Vertx vertx;
    private final PlatformClient client;
    private final OrderWatch watch;
    private final int orders;
    private final Histogram postLatency = new Histogram(3);
    private final Histogram terminalLatency = new Histogram(3);
    private final Set<String> errors = new LinkedHashSet<>();
    private int issued;
    private int placed;
    private int postFailures;
    private int notTerminal;
    private int confirmed;
    private int cancelled;
    private int viaEvents;
    private long firstPost;
    private long lastTerminal;

    OrderLoad(Vertx vertx, PlatformClient client, int orders) {
        this.vertx = vertx;
        this.client = client;
        this.watch = new OrderWatch(vertx, client);
        this.orders = orders;
    }

    /** The bench's SKUs: {@code BENCH-01} to {@code BENCH-16}. */
    static List<String> skus() {
        return SKU_NAMES;
    }

    /** Sets every bench SKU's available stock to {@code orders}: enough even if every order took that SKU. */
    static Future<Void> stock(PlatformClient client, int orders) {
        List<Future<Void>> set = new ArrayList<>();
        for (String sku : skus()) {
            set.add(client.setStock(sku, orders));
        }
        return Future.all(set).mapEmpty();
    }

    /** Places the orders with {@code concurrency} in flight; call it from outside the event loops. */
    Future<LoadResult> run(int concurrency) {
        Context context = vertx.getOrCreateContext();
        return ClosedLoop.run(context, concurrency, () -> issued < orders, this::placeOne).map(done -> result());
    }

    private Future<?> placeOne() {
        int index = issued++;
        long sent = System.nanoTime();
        if (index == 0) {
            firstPost = sent;
        }
        return client.placeOrder(order(index))
                .onFailure(failure -> {
                    postFailures++;
                    keep(failure);
                })
                .compose(orderId -> {
                    long answered = System.nanoTime();
                    placed++;
                    postLatency.recordValue(micros(answered - sent));
                    return watch.terminal(orderId, answered + TERMINAL_TIMEOUT.toNanos())
                            .onSuccess(terminal -> terminal(answered, terminal))
                            .onFailure(failure -> {
                                notTerminal++;
                                keep(failure);
                            });
                });
    }

    private void terminal(long answered, OrderWatch.Terminal terminal) {
        terminalLatency.recordValue(micros(terminal.atNanos() - answered));
        lastTerminal = Math.max(lastTerminal, terminal.atNanos());
        if (TerminalStatus.CONFIRMED.equals(terminal.status())) {
            confirmed++;
        } else {
            cancelled++;
        }
        if (terminal.viaEvents()) {
            viaEvents++;
        }
    }

    private JsonObject order(int index) {
        JsonObject line = new JsonObject().put("sku", SKU_NAMES.get(index % SKUS)).put("quantity", 1).put("unitPrice", "1.00");
        return new JsonObject()
                .put("customerId", "bench-" + (index % 100))
                .put("items", new JsonArray().add(line))
                .put("paymentMethod", PAYMENT_METHOD);
    }

    private void keep(Throwable failure) {
        if (errors.size() < KEPT_ERRORS) {
            errors.add(failure.getMessage() == null ? failure.toString() : failure.getMessage());
        }
    }

    private LoadResult result() {
        int terminal = confirmed + cancelled;
        Duration span = terminal == 0 ? Duration.ZERO : Duration.ofNanos(lastTerminal - firstPost);
        return new LoadResult(orders, placed, postFailures, notTerminal, confirmed, cancelled, viaEvents, terminal - viaEvents,
                postLatency, terminalLatency, span, List.copyOf(errors));
    }

    private static long micros(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    }
}
