package dev.domainagents.core.http;

import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** Reads query parameters the routes share. */
public final class QueryParams {
    private QueryParams() {
    }

    /** The whole number {@code name}, or {@code fallback} if absent; empty if it is not a number within [min, max]. */
    public static Optional<Integer> intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return Optional.of(fallback);
        }
        try {
            int value = Integer.parseInt(raw);
            return value < min || value > max ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
