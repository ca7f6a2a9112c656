package dev.domainagents.order.http;

import dev.domainagents.core.http.EventStreams;
import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.core.http.ServerSentEvents;
import dev.domainagents.order.view.OrderLookup;
import dev.domainagents.order.view.OrderView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /orders/{id}/events}: Server-Sent Events, one {@code status} event per status
 * change of the order (the current status first), ending once the order is terminal. It
 * listens before it reads the current status, so a change in between is not missed, and
 * never sends a status older than one it sent (changes may overtake the first read). Past the
 * node's stream limit it answers 503; past the streams' maximum age it ends with {@code event: end}.
 */
final class OrderEventStream {
    private final RoutingContext ctx;
    private final String orderId;
    private OrderStatusFeed.Listening listening;
    private ServerSentEvents stream;
    private OrderStatusFeed.Change latestChange;
    private boolean finished;
    private int sentRank = -1;

    private OrderEventStream(RoutingContext ctx, String orderId) {
        this.ctx = ctx;
        this.orderId = orderId;
    }

    static void serve(EventStreams streams, RoutingContext ctx, OrderStatusFeed feed, OrderLookup lookup) {
        OrderEventStream order = new OrderEventStream(ctx, ctx.pathParam("orderId"));
        order.listening = feed.listen(order.orderId, order::changed);
        ctx.response().closeHandler(closed -> order.finish());
        lookup.find(order.orderId).onComplete(found -> {
            if (found.failed()) {
                order.finish();
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                order.finish();
                HttpReplies.respond(ctx, 404, "not_found", "no order " + order.orderId);
            } else if (!order.finished) {
                order.open(streams, found.result().get());
            }
        });
    }

    private void open(EventStreams streams, OrderView current) {
        java.util.Optional<ServerSentEvents> opened = streams.open(ctx, this::finish);
        if (opened.isEmpty()) {
            finish();
            return;
        }
        stream = opened.get();
        send(current.status(), current.reason(), current.updatedAt().toString());
        if (latestChange != null) {
            changed(latestChange);
        }
    }

    private void changed(OrderStatusFeed.Change change) {
        if (stream == null) {
            latestChange = change;
            return;
        }
        send(change.status(), change.reason(), change.at());
    }

    private void send(String status, String reason, String at) {
        if (finished || rank(status) <= sentRank) {
            return;
        }
        sentRank = rank(status);
        stream.event("status", new JsonObject().put("orderId", orderId).put("status", status).put("reason", reason).put("at", at));
        if (sentRank > 0) {
            stream.end();
        }
    }

    private void finish() {
        finished = true;
        listening.stop();
    }

    private static int rank(String status) {
        return OrderView.PENDING.equals(status) ? 0 : 1;
    }
}
