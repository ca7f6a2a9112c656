package dev.domainagents.order.http;

import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.http.JsonBody;
import dev.domainagents.core.http.QueryParams;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.order.api.IdempotencyKeyReused;
import dev.domainagents.order.api.OrderSummary;
import dev.domainagents.order.view.OrderLookup;
import dev.domainagents.order.view.OrderView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * The order routes of API.md: place ({@code POST /orders}, with {@code Idempotency-Key} and
 * {@code ?wait=}), read one, list with filters and a cursor, and follow one as Server-Sent Events.
 */
public final class OrderRoutes {
    static final int MAX_WAIT_MS = 30_000;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final Ingress ingress;
    private final OrderPlacement placement;
    private final OrderLookup lookup;
    private final OrderStatusFeed feed;

    public OrderRoutes(Ingress ingress) {
        this.ingress = ingress;
        this.placement = new OrderPlacement(ingress);
        this.lookup = new OrderLookup(ingress.runtime());
        this.feed = new OrderStatusFeed(ingress.vertx());
    }

    public void mount(Router router) {
        router.post("/orders").handler(this::place);
        router.get("/orders").handler(this::list);
        router.get("/orders/:orderId").handler(this::read);
        router.get("/orders/:orderId/events").handler(ctx -> OrderEventStream.serve(ingress.eventStreams(), ctx, feed, lookup));
    }

    private void place(RoutingContext ctx) {
        Optional<JsonObject> body = JsonBody.read(ctx);
        if (body.isEmpty()) {
            return;
        }
        OrderPlacement.Checked checked = OrderPlacement.check(body.get(), ctx.request().getHeader("Idempotency-Key"));
        JsonArray problems = checked.problems().copy();
        Optional<Integer> wait = QueryParams.intParam(ctx, "wait", 0, 0, MAX_WAIT_MS);
        if (wait.isEmpty()) {
            problems.add(HttpReplies.problem("wait", "must be a whole number of milliseconds from 0 to " + MAX_WAIT_MS));
        }
        if (!problems.isEmpty()) {
            HttpReplies.respond(ctx, 400, "validation_failed", "the order is not valid", problems);
            return;
        }
        placement.place(checked)
                .onSuccess(reply -> placed(ctx, reply, wait.get()))
                .onFailure(ctx::fail);
    }

    private void placed(RoutingContext ctx, Envelope reply, int waitMs) {
        if (OrderPlacement.keyReused(reply)) {
            IdempotencyKeyReused reused = reply.payloadAs(IdempotencyKeyReused.class);
            HttpReplies.respond(ctx, 422, "idempotency_key_reused",
                    "this Idempotency-Key was used for a different request (order " + reused.orderId() + ")");
            return;
        }
        OrderSummary summary = reply.payloadAs(OrderSummary.class);
        if (waitMs == 0) {
            accepted(ctx, summary.orderId(), summary.status());
            return;
        }
        untilTerminal(summary.orderId(), waitMs).onComplete(waited -> {
            if (waited.failed()) {
                ctx.fail(waited.cause());
            } else if (waited.result().isPresent() && waited.result().get().terminal()) {
                HttpReplies.json(ctx, 200, OrderJson.full(waited.result().get()));
            } else {
                accepted(ctx, summary.orderId(), summary.status());
            }
        });
    }

    /** The order once terminal, or as it stands after {@code waitMs}. Listens first, then looks, so no change slips by. */
    private Future<Optional<OrderView>> untilTerminal(String orderId, int waitMs) {
        Promise<Void> settled = Promise.promise();
        OrderStatusFeed.Listening listening = feed.listen(orderId, change -> {
            if (!OrderView.PENDING.equals(change.status())) {
                settled.tryComplete();
            }
        });
        long timer = ingress.vertx().setTimer(waitMs, id -> settled.tryComplete());
        lookup.find(orderId).onComplete(found -> {
            if (found.failed() || found.result().map(OrderView::terminal).orElse(false)) {
                settled.tryComplete();
            }
        });
        return settled.future().compose(done -> {
            listening.stop();
            ingress.vertx().cancelTimer(timer);
            return lookup.find(orderId);
        });
    }

    private void read(RoutingContext ctx) {
        String orderId = ctx.pathParam("orderId");
        lookup.find(orderId).onSuccess(found -> {
            if (found.isPresent()) {
                HttpReplies.json(ctx, 200, OrderJson.full(found.get()));
            } else {
                HttpReplies.respond(ctx, 404, "not_found", "no order " + orderId);
            }
        }).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        JsonArray problems = new JsonArray();
        String status = ctx.queryParams().get("status");
        if (status != null && !OrderView.STATUSES.contains(status)) {
            problems.add(HttpReplies.problem("status", "must be PENDING, CONFIRMED or CANCELLED"));
        }
        String customerId = ctx.queryParams().get("customerId");
        if (customerId != null && (customerId.isBlank() || customerId.length() > OrderRequest.MAX_CUSTOMER_ID
                || !OrderRequest.isText(customerId))) {
            problems.add(HttpReplies.problem("customerId", "must be 1-" + OrderRequest.MAX_CUSTOMER_ID + " characters, no control characters"));
        }
        Optional<Integer> limit = QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit.isEmpty()) {
            problems.add(HttpReplies.problem("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        String after = ctx.queryParams().get("after");
        Optional<Long> cursor = after == null ? Optional.empty() : PageCursor.decode(after);
        if (after != null && cursor.isEmpty()) {
            problems.add(HttpReplies.problem("after", "must be a cursor given as 'next' by an earlier page"));
        }
        if (!problems.isEmpty()) {
            HttpReplies.respond(ctx, 400, "validation_failed", "the query is not valid", problems);
            return;
        }
        lookup.list(status, customerId, cursor.orElse(null), limit.get()).onSuccess(page -> {
            JsonArray orders = new JsonArray();
            page.orders().forEach(view -> orders.add(OrderJson.summary(view)));
            HttpReplies.json(ctx, 200, new JsonObject().put("orders", orders).put("next", page.next().map(PageCursor::encode).orElse(null)));
        }).onFailure(ctx::fail);
    }

    private static void accepted(RoutingContext ctx, String orderId, String status) {
        ctx.response().putHeader("Location", "/orders/" + orderId);
        HttpReplies.json(ctx, 202, new JsonObject().put("orderId", orderId).put("status", status));
    }

}
