package dev.domainagents.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards admin routes with {@code Authorization: Bearer <token>} when a token is configured:
 * a missing header, another scheme or another token is answered {@code 401} in the API.md
 * error shape, with {@code WWW-Authenticate: Bearer}. Without a configured token the routes
 * are open, which {@link HttpSettings} allows on a loopback address only.
 *
 * <p>The comparison is {@link MessageDigest#isEqual}, which in JDK 17 walks every byte of its
 * first argument, the configured token, whatever is presented: its time depends on the
 * token's length only, never on where a guess first differs or on the guess's length (a
 * guess of another length is compared byte by byte all the same, with the length difference
 * folded into the result). Only an empty guess (no header, another scheme) returns at once,
 * which tells nothing about the token. The token and the presented header are never logged.
 */
final class AdminAuth implements Handler<RoutingContext> {
    private static final String SCHEME = "Bearer ";
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
        // the configured token first: isEqual's time follows its first argument's length
        if (MessageDigest.isEqual(token, presented(ctx.request().getHeader("Authorization")))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            HttpReplies.respond(ctx, 401, "unauthorized", "admin routes need a valid bearer token");
        }
    }

    /** The credentials of a Bearer header (the scheme's name is case-insensitive, RFC 7235); empty otherwise. */
    private static byte[] presented(String header) {
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
    }
}
