package dev.domainagents.order.http;

import dev.domainagents.order.view.OrderProjection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The status changes the order projection announces, handed to the requests of this HTTP
 * verticle that wait on an order ({@code ?wait=}, the SSE stream). One bus consumer per
 * verticle, whatever the number of waiting requests; all of it runs on the verticle's
 * event loop, so the listener map needs no locking.
 */
final class OrderStatusFeed {
    /** A status change of one order: {@code {"orderId","status","reason","at"}}. */
    record Change(String orderId, String status, String reason, String at) {
        static Change of(JsonObject json) {
            return new Change(json.getString("orderId"), json.getString("status"), json.getString("reason"), json.getString("at"));
        }
    }

    /** Stops a listener; call it when the request is done. */
    interface Listening {
        void stop();
    }

    private final Map<String, List<Consumer<Change>>> listeners = new HashMap<>();

    OrderStatusFeed(Vertx vertx) {
        // registered on the HTTP verticle's context: undeploying the verticle unregisters it
        vertx.eventBus().<JsonObject>consumer(OrderProjection.STATUS_CHANGED, message -> {
            Change change = Change.of(message.body());
            List<Consumer<Change>> waiting = listeners.get(change.orderId());
            if (waiting != null) {
                List.copyOf(waiting).forEach(listener -> listener.accept(change));
            }
        });
    }

    /** Calls {@code listener} with every change of {@code orderId} from now on, until stopped. */
    Listening listen(String orderId, Consumer<Change> listener) {
        listeners.computeIfAbsent(orderId, id -> new ArrayList<>()).add(listener);
        return () -> {
            List<Consumer<Change>> waiting = listeners.get(orderId);
            if (waiting != null && waiting.remove(listener) && waiting.isEmpty()) {
                listeners.remove(orderId);
            }
        };
    }
}
