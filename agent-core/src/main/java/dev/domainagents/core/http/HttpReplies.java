package dev.domainagents.core.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the one error shape of API.md, {@code {"error", "message", "details"}}, and plain JSON answers. */
public final class HttpReplies {
    /** What a {@code 503} asks the client to wait before it sends the request again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private HttpReplies() {
    }

    /** One entry of {@code details}: the field (a JSON path, a header or a query parameter) and what is wrong with it. */
    public static JsonObject problem(String field, String message) {
        return new JsonObject().put("field", field).put("message", message);
    }

    /** Answers a JSON body with {@code status}, for the success paths of the routes. */
    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** Answers {@code 503} with {@code Retry-After}: the request could not be served now; the client may send it again. */
    public static void unavailable(RoutingContext ctx, String error, String message) {
        if (!ctx.response().ended()) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        respond(ctx, 503, error, message);
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
                .end(errorBody(error, message, details).encode());
    }

    /** The API.md error body, for answers given outside a route ({@link RequestGuards}, the Kafka dead-letter topic). */
    public static JsonObject errorBody(String error, String message, JsonArray details) {
        return new JsonObject().put("error", error).put("message", message).put("details", details);
    }
}
