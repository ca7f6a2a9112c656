package dev.domainagents.core.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the one error shape of API.md: {@code {"error", "message", "details"}}. */
public final class HttpErrors {
    private HttpErrors() {
    }

    public static void respond(RoutingContext ctx, int status, String error, String message) {
        respond(ctx, status, error, message, new JsonArray());
    }

    public static void respond(RoutingContext ctx, int status, String error, String message, JsonArray details) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).put("message", message).put("details", details).encode());
    }
}
