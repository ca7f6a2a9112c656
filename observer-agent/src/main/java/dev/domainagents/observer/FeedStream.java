package dev.domainagents.observer;

import dev.domainagents.core.http.ServerSentEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * One client's live feed: every {@link FeedEvent} published from the moment the opening
 * comment {@code : connected} is sent, as {@code event: domain-event} with the summary as
 * JSON (heartbeats as every {@link ServerSentEvents} stream). A client too slow to take them
 * loses events rather than the server's memory: it is told how many with {@code event: dropped}.
 * When the client goes, or the stream reaches its maximum age ({@code event: end}), the consumer goes too.
 */
final class FeedStream {
    private final Vertx vertx;
    private final ServerSentEvents stream;
    private MessageConsumer<JsonObject> consumer;
    private long dropped;

    FeedStream(Vertx vertx, ServerSentEvents stream) {
        this.vertx = vertx;
        this.stream = stream;
    }

    /** Subscribes and answers once events flow; call on the request's context. */
    Future<Void> open() {
        consumer = vertx.eventBus().consumer(FeedEvent.ADDRESS, message -> send(message.body()));
        stream.onEnd(consumer::unregister);
        return consumer.completion()
                .onSuccess(subscribed -> stream.comment("connected"))
                .onFailure(failure -> stream.end());
    }

    private void send(JsonObject event) {
        if (stream.full()) {
            dropped++;
            return;
        }
        if (dropped > 0) {
            stream.event("dropped", new JsonObject().put("count", dropped));
            dropped = 0;
        }
        stream.event("domain-event", event);
    }
}
