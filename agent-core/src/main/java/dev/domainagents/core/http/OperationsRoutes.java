package dev.domainagents.core.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health}, {@code /ready} and {@code /metrics}, the same on the HTTP ingress and on
 * the management port: liveness with the node's id, readiness with its checks ({@code 503} when
 * one is down), and the Prometheus exposition. They read no data.
 */
final class OperationsRoutes {
    private final Readiness readiness;
    private final String nodeId;
    private final PrometheusMeterRegistry prometheus;

    OperationsRoutes(Readiness readiness, String nodeId, PrometheusMeterRegistry prometheus) {
        this.readiness = readiness;
        this.nodeId = nodeId;
        this.prometheus = prometheus;
    }

    void mount(Router router) {
        router.get("/health").handler(ctx -> HttpReplies.json(ctx, 200, new JsonObject().put("status", "UP").put("node", nodeId)));
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(prometheus.scrape()));
    }

    private void ready(RoutingContext ctx) {
        readiness.check().onComplete(checked -> {
            JsonObject result = checked.result();
            boolean ready = result.getBoolean("ready");
            HttpReplies.json(ctx, ready ? 200 : 503,
                    new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", result.getJsonObject("checks")));
        });
    }
}
