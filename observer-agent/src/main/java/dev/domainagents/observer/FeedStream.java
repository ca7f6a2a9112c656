package dev.domainagents.observer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * One client's live feed: every {@link FeedEvent} published from the moment the opening
 * comment {@code : connected} is sent, as {@code event: domain-event} with the summary as
 * JSON, and a comment every {@link #HEARTBEAT} so proxies keep an idle stream open. A client
 * too slow to take them loses events rather than the server's memory: it is told how many
 * with {@code event: dropped}. When the client goes, the consumer and the timer go too.
 */
final class FeedStream {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Runnable onClose;
    private MessageConsumer<JsonObject> consumer;
    private long heartbeat;
    private long dropped;
    private boolean closed;

    FeedStream(Vertx vertx, HttpServerResponse response, Runnable onClose) {
        this.vertx = vertx;
        this.response = response;
        this.onClose = onClose;
    }

    /** Subscribes and answers once events flow; call on the request's context. */
    Future<Void> open() {
        response.closeHandler(gone -> close());
        response.exceptionHandler(failure -> close());
        consumer = vertx.eventBus().consumer(FeedEvent.ADDRESS, message -> send(message.body()));
        heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> write(": heartbeat\n\n"));
        return consumer.completion()
                .onSuccess(subscribed -> write(": connected\n\n"))
                .onFailure(failure -> close());
    }

    private void send(JsonObject event) {
        if (response.writeQueueFull()) {
            dropped++;
            return;
        }
        if (dropped > 0) {
            write("event: dropped\ndata: " + new JsonObject().put("count", dropped).encode() + "\n\n");
            dropped = 0;
        }
        write("event: domain-event\ndata: " + event.encode() + "\n\n");
    }

    private void write(String text) {
        if (!closed) {
            response.write(text);
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(heartbeat);
        if (consumer != null) {
            consumer.unregister();
        }
        onClose.run();
    }
}
