package dev.domainagents.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards admin routes with {@code Authorization: Bearer <token>} when a token is configured.
 * The comparison takes the same time whatever the guess; the token is never logged.
 */
final class AdminAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";
    private final byte[] token;

    AdminAuth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token == null) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.startsWith(PREFIX)
                ? header.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (MessageDigest.isEqual(token, presented)) {
            ctx.next();
        } else {
            HttpReplies.respond(ctx, 401, "unauthorized", "admin routes need a valid bearer token");
        }
    }
}
