package dev.domainagents.payment;

import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.http.JsonBody;
import dev.domainagents.payment.gateway.GatewayConditions;
import dev.domainagents.payment.gateway.SimulatedGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * {@code PUT /admin/payment-gateway} of API.md: sets the simulated gateway's failure rate and
 * latency at runtime, behind the admin guard of {@code /admin/*}. The conditions are published
 * to every simulated gateway of the cluster (the HTTP node need not run the payment agent) and
 * hold until it restarts; the answer is the conditions sent.
 */
final class GatewayRoutes {
    private final Ingress ingress;

    GatewayRoutes(Ingress ingress) {
        this.ingress = ingress;
    }

    void mount(Router router) {
        router.put("/admin/payment-gateway").handler(this::change);
    }

    private void change(RoutingContext ctx) {
        var body = JsonBody.read(ctx);
        if (body.isEmpty()) {
            return;
        }
        JsonArray problems = new JsonArray();
        Object failureRate = body.get().getValue("failureRate");
        if (!(failureRate instanceof Number rate) || !(rate.doubleValue() >= 0.0 && rate.doubleValue() <= 1.0)) {
            problems.add(HttpReplies.problem("failureRate", "must be a number from 0 to 1"));
        }
        Object latencyMs = body.get().getValue("latencyMs");
        if (!(latencyMs instanceof Integer || latencyMs instanceof Long)
                || ((Number) latencyMs).longValue() < 0 || ((Number) latencyMs).longValue() > GatewayConditions.MAX_LATENCY_MS) {
            problems.add(HttpReplies.problem("latencyMs", "must be a whole number from 0 to " + GatewayConditions.MAX_LATENCY_MS));
        }
        if (!problems.isEmpty()) {
            HttpReplies.respond(ctx, 400, "validation_failed", "the gateway conditions are not valid", problems);
            return;
        }
        GatewayConditions conditions = new GatewayConditions(((Number) failureRate).doubleValue(),
                Duration.ofMillis(((Number) latencyMs).longValue()));
        ingress.vertx().eventBus().publish(SimulatedGateway.CONDITIONS_ADDRESS, conditions.toJson());
        HttpReplies.json(ctx, 200, conditions.toJson());
    }
}
