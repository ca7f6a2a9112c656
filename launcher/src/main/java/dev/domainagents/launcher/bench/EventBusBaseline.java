package dev.domainagents.launcher.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.time.Duration;
import java.util.UUID;

/**
 * The raw event bus: one consumer that answers every request with its body, and requests kept
 * {@code concurrency} in flight from another context of the same Vert.x. Measures the answered
 * requests per second, the ceiling of any flow that crosses the local bus.
 */
final class EventBusBaseline {
    private static final String BODY = "{\"orderId\":\"bench\",\"status\":\"PENDING\"}";

    private EventBusBaseline() {
    }

    /** Registers the consumer, measures, unregisters it; call it from outside the event loops, so that
     * the requests get a context of their own. */
    static Future<Rate> measure(Vertx vertx, int concurrency, Duration warmup, Duration window) {
        Context sender = vertx.getOrCreateContext();
        String address = "bench.echo." + UUID.randomUUID();
        MessageConsumer<String> echo = vertx.eventBus().<String>consumer(address, message -> message.reply(message.body()));
        return echo.completion()
                .compose(ready -> Throughput.measure(sender, concurrency, warmup, window,
                        () -> vertx.eventBus().request(address, BODY)))
                .eventually(echo::unregister);
    }
}
