package dev.domainagents.stock;

import dev.domainagents.core.agent.Loaded;
import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.http.JsonBody;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockLevel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** {@code GET /stock/{sku}} and {@code PUT /stock/{sku}} of API.md; the latter is an admin operation, behind the admin token. */
final class StockRoutes {
    static final int MAX_AVAILABLE = 1_000_000_000;
    static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Ingress ingress;

    StockRoutes(Ingress ingress) {
        this.ingress = ingress;
    }

    void mount(Router router) {
        router.get("/stock/:sku").handler(this::read);
        router.put("/stock/:sku").handler(ingress.adminOnly()).handler(this::set);
    }

    private void read(RoutingContext ctx) {
        String sku = ctx.pathParam("sku");
        if (!SKU.matcher(sku).matches()) {
            HttpReplies.respond(ctx, 404, "not_found", "no stock for that SKU");
            return;
        }
        StockAgent.STOCK.read(ingress.runtime().pool(), ingress.runtime().events(), StockAgent.streamOf(sku))
                .map(Loaded::state)
                .onSuccess(stock -> {
                    if (stock.known()) {
                        respond(ctx, StockAgent.levelOf(stock));
                    } else {
                        HttpReplies.respond(ctx, 404, "not_found", "no stock for SKU " + sku);
                    }
                })
                .onFailure(ctx::fail);
    }

    private void set(RoutingContext ctx) {
        String sku = ctx.pathParam("sku");
        var body = JsonBody.read(ctx);
        if (body.isEmpty()) {
            return;
        }
        JsonArray problems = new JsonArray();
        if (!SKU.matcher(sku).matches()) {
            problems.add(HttpReplies.problem("sku", "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        Object available = body.get().getValue("available");
        if (!(available instanceof Integer || available instanceof Long)
                || ((Number) available).longValue() < 0 || ((Number) available).longValue() > MAX_AVAILABLE) {
            problems.add(HttpReplies.problem("available", "must be a whole number from 0 to " + MAX_AVAILABLE));
        }
        if (!problems.isEmpty()) {
            HttpReplies.respond(ctx, 400, "validation_failed", "the stock level is not valid", problems);
            return;
        }
        SetStock command = new SetStock(sku, ((Number) available).intValue(), ingress.runtime().clock().instant());
        ingress.request(StockAgent.streamOf(sku), "stock-admin-" + sku, command)
                .onSuccess(reply -> respond(ctx, reply.payloadAs(StockLevel.class)))
                .onFailure(ctx::fail);
    }

    private static void respond(RoutingContext ctx, StockLevel level) {
        ctx.response().putHeader("Content-Type", "application/json").end(
                new JsonObject().put("sku", level.sku()).put("available", level.available()).put("reserved", level.reserved()).encode());
    }
}
