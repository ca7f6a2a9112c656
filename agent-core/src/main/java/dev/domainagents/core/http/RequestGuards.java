package dev.domainagents.core.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * Refusals that come before any route, in the API.md error shape: requests the HTTP codec
 * could not read (a request line or headers too long, a malformed request), and paths or
 * query parameters holding a NUL character, which no PostgreSQL text can store, so no route
 * would ever find or keep such a value.
 */
final class RequestGuards {
    private RequestGuards() {
    }

    /** For {@link io.vertx.core.http.HttpServer#invalidRequestHandler}: the codec's refusal, with our body. */
    static void unreadable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = 400;
        String error = "bad_request";
        String message = "the request could not be read as HTTP";
        if (cause instanceof TooLongFrameException) {
            boolean requestLine = cause.getMessage() != null && cause.getMessage().contains("line");
            status = requestLine ? 414 : 431;
            error = requestLine ? "uri_too_long" : "headers_too_large";
            message = requestLine ? "the request line is too long" : "the request headers are too large";
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(HttpReplies.errorBody(error, message, new JsonArray()).encode());
    }

    /**
     * Before the body is read: a form body ({@code multipart/form-data} or
     * {@code application/x-www-form-urlencoded}) is {@code 415}, since every body of the contract is JSON and
     * no route takes a file; so no upload is ever read, let alone written to disk.
     */
    static void noFormBodies(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
            // the body is left unread, so the connection cannot serve another request: the idle timeout closes it
            ctx.response().putHeader("Connection", "close");
            HttpReplies.respond(ctx, 415, "unsupported_media_type", "no route takes a form or a file; send the body as application/json");
        } else {
            ctx.next();
        }
    }

    /** A route handler, first of all: refuses a NUL in the path or a query parameter. */
    static void noNulCharacters(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean nul = path.indexOf('\0') >= 0 || path.toLowerCase(java.util.Locale.ROOT).contains("%00");
        for (Map.Entry<String, String> param : ctx.queryParams()) {
            nul |= param.getKey().indexOf('\0') >= 0 || param.getValue().indexOf('\0') >= 0;
        }
        if (nul) {
            HttpReplies.respond(ctx, 400, "bad_request", "the path or a query parameter holds a NUL character");
        } else {
            ctx.next();
        }
    }
}
