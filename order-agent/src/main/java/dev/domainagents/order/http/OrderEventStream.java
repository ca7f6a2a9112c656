package dev.domainagents.order.http;

import dev.domainagents.core.http.HttpErrors;
import dev.domainagents.order.view.OrderLookup;
import dev.domainagents.order.view.OrderView;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /orders/{id}/events}: Server-Sent Events, one {@code status} event per status
 * change of the order (the current status first), ending once the order is terminal. It
 * listens before it reads the current status, so a change in between is not missed, and
 * never sends a status older than one it sent (changes may overtake the first read).
 */
final class OrderEventStream {
    private static final long HEARTBEAT_MS = 15_000;

    private final Vertx vertx;
    private final RoutingContext ctx;
    private final String orderId;
    private OrderStatusFeed.Listening listening;
    private OrderStatusFeed.Change latestChange;
    private boolean opened;
    private boolean ended;
    private int sentRank = -1;
    private long heartbeat = -1;

    private OrderEventStream(Vertx vertx, RoutingContext ctx, String orderId) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.orderId = orderId;
    }

    static void serve(Vertx vertx, RoutingContext ctx, OrderStatusFeed feed, OrderLookup lookup) {
        OrderEventStream stream = new OrderEventStream(vertx, ctx, ctx.pathParam("orderId"));
        stream.listening = feed.listen(stream.orderId, stream::changed);
        ctx.response().closeHandler(closed -> stream.finish());
        lookup.find(stream.orderId).onComplete(found -> {
            if (found.failed()) {
                stream.finish();
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                stream.finish();
                HttpErrors.respond(ctx, 404, "not_found", "no order " + stream.orderId);
            } else {
                stream.open(found.result().get());
            }
        });
    }

    private void open(OrderView current) {
        opened = true;
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> response.write(": keep-alive\n\n"));
        send(current.status(), current.reason(), current.updatedAt().toString());
        if (latestChange != null) {
            changed(latestChange);
        }
    }

    private void changed(OrderStatusFeed.Change change) {
        if (!opened) {
            latestChange = change;
            return;
        }
        send(change.status(), change.reason(), change.at());
    }

    private void send(String status, String reason, String at) {
        if (ended || rank(status) <= sentRank) {
            return;
        }
        sentRank = rank(status);
        JsonObject data = new JsonObject().put("orderId", orderId).put("status", status).put("reason", reason).put("at", at);
        ctx.response().write("event: status\ndata: " + data.encode() + "\n\n");
        if (sentRank > 0) {
            finish();
            ctx.response().end();
        }
    }

    private void finish() {
        ended = true;
        listening.stop();
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
    }

    private static int rank(String status) {
        return OrderView.PENDING.equals(status) ? 0 : 1;
    }
}
