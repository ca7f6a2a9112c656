package dev.domainagents.core.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Reads a request's JSON object body the API.md way: a content type other than JSON is
 * {@code 415}, a body that is not a JSON object is {@code 400 malformed_json}. On refusal
 * it has already answered and returns empty.
 */
public final class JsonBody {
    private JsonBody() {
    }

    public static Optional<JsonObject> read(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            HttpReplies.respond(ctx, 415, "unsupported_media_type", "send the body as application/json");
            return Optional.empty();
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(ctx.body().buffer() == null ? null : ctx.body().buffer());
            if (parsed instanceof JsonObject object) {
                return Optional.of(object);
            }
        } catch (DecodeException | NullPointerException e) {
            // answered below: the body is not JSON at all
        }
        HttpReplies.respond(ctx, 400, "malformed_json", "the body must be a JSON object");
        return Optional.empty();
    }
}
