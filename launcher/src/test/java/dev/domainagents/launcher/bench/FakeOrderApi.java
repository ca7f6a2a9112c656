package dev.domainagents.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order routes of shared/API.md as the bench uses them, served by a stand-in, since the
 * real ones live in another branch: an order is PENDING when placed and CONFIRMED
 * {@value #CONFIRM_AFTER_MS} ms later; its event stream sends one event per status and ends
 * once terminal. Each order counts 3 sent and 1 published event-bus messages in {@code /metrics}.
 * Runs on one event loop.
 */
final class FakeOrderApi {
    static final int CONFIRM_AFTER_MS = 20;

    private final Vertx vertx;
    private final boolean events;
    private final int postStatus;
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final Map<String, List<HttpServerResponse>> streams = new ConcurrentHashMap<>();
    final Map<String, Integer> stock = new ConcurrentHashMap<>();
    private HttpServer server;
    private long placed;

    private FakeOrderApi(Vertx vertx, boolean events, int postStatus) {
        this.vertx = vertx;
        this.events = events;
        this.postStatus = postStatus;
    }

    /** Serves on a free port; {@code events}: whether {@code GET /orders/{id}/events} exists; POSTs answer {@code postStatus}. */
    static Future<FakeOrderApi> start(Vertx vertx, boolean events, int postStatus) {
        FakeOrderApi api = new FakeOrderApi(vertx, events, postStatus);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.put("/stock/:sku").handler(api::setStock);
        router.post("/orders").handler(api::place);
        router.get("/orders/:id").handler(api::read);
        if (events) {
            router.get("/orders/:id/events").handler(api::stream);
        }
        router.get("/metrics").handler(api::metrics);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
            api.server = server;
            return api;
        });
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    Future<Void> close() {
        return server.close();
    }

    private void setStock(RoutingContext ctx) {
        int available = ctx.body().asJsonObject().getInteger("available");
        stock.put(ctx.pathParam("sku"), available);
        json(ctx, 200, new JsonObject().put("sku", ctx.pathParam("sku")).put("available", available).put("reserved", 0));
    }

    private void place(RoutingContext ctx) {
        if (postStatus != 202) {
            json(ctx, postStatus, new JsonObject().put("error", "unavailable").put("message", "refused by the test"));
            return;
        }
        String id = UUID.randomUUID().toString();
        status.put(id, "PENDING");
        placed++;
        vertx.setTimer(CONFIRM_AFTER_MS, fired -> changeTo(id, "CONFIRMED"));
        ctx.response().putHeader("Location", "/orders/" + id);
        json(ctx, 202, new JsonObject().put("orderId", id).put("status", "PENDING"));
    }

    private void read(RoutingContext ctx) {
        String current = status.get(ctx.pathParam("id"));
        if (current == null) {
            json(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no such order"));
        } else {
            json(ctx, 200, new JsonObject().put("orderId", ctx.pathParam("id")).put("status", current));
        }
    }

    private void stream(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        String current = status.get(id);
        response.write(event(current));
        if (!"PENDING".equals(current)) {
            response.end();
        } else {
            streams.computeIfAbsent(id, key -> new ArrayList<>()).add(response);
        }
    }

    private void changeTo(String id, String next) {
        status.put(id, next);
        List<HttpServerResponse> open = streams.remove(id);
        if (open != null) {
            open.forEach(response -> response.write(event(next)).compose(written -> response.end()));
        }
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain").end(
                "# TYPE vertx_eventbus_sent_total counter\n"
                        + "vertx_eventbus_sent_total{side=\"local\"} " + (3.0 * placed) + "\n"
                        + "# TYPE vertx_eventbus_published_total counter\n"
                        + "vertx_eventbus_published_total{side=\"local\"} " + (1.0 * placed) + "\n");
    }

    private static String event(String status) {
        return "event: status\ndata: " + new JsonObject().put("status", status).encode() + "\n\n";
    }

    private static void json(RoutingContext ctx, int code, JsonObject body) {
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
