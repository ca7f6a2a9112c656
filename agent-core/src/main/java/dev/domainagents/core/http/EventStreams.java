package dev.domainagents.core.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's Server-Sent Events streams, every route's together: at most
 * {@link HttpSettings.Connections#maxEventStreams} open at once, one more answered
 * {@code 503 too_many_streams} (API.md error shape, {@code Retry-After}); each stream ends
 * after {@link HttpSettings.Connections#eventStreamMaxAge} with a last
 * {@code event: end {"reason": "max_age"}}, so a client reconnects rather than holds a
 * connection forever. Heartbeats come at least twice per idle timeout, so the idle timeout
 * never cuts a stream that waits for events.
 */
public final class EventStreams {
    private final Vertx vertx;
    private final HttpSettings.Connections limits;
    private final AtomicInteger open = new AtomicInteger();

    public EventStreams(Vertx vertx, HttpSettings.Connections limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /**
     * Opens a stream on the request's response, or answers {@code 503} and returns empty when the
     * node serves its limit already. {@code onClose} runs once, however the stream ends.
     */
    public Optional<ServerSentEvents> open(RoutingContext ctx, Runnable onClose) {
        if (open.incrementAndGet() > limits.maxEventStreams()) {
            open.decrementAndGet();
            HttpReplies.unavailable(ctx, "too_many_streams", "this node serves its limit of "
                    + limits.maxEventStreams() + " event streams; retry later");
            return Optional.empty();
        }
        Duration heartbeat = ServerSentEvents.HEARTBEAT.compareTo(limits.idleTimeout().dividedBy(2)) < 0
                ? ServerSentEvents.HEARTBEAT : limits.idleTimeout().dividedBy(2);
        ServerSentEvents stream = ServerSentEvents.open(vertx, ctx.response(), heartbeat, () -> {
            open.decrementAndGet();
            onClose.run();
        });
        long maxAge = vertx.setTimer(limits.eventStreamMaxAge().toMillis(), id -> {
            stream.event("end", new JsonObject().put("reason", "max_age").put("maxAgeMs", limits.eventStreamMaxAge().toMillis()));
            stream.end();
        });
        stream.onEnd(() -> vertx.cancelTimer(maxAge));
        return Optional.of(stream);
    }

    /** Streams open now. */
    public int openStreams() {
        return open.get();
    }
}
