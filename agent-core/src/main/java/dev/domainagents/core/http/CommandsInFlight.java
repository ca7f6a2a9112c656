package dev.domainagents.core.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Backpressure at the door: at most {@code max} requests that change something (any method but
 * GET and HEAD) are worked on at once by this verticle; one more is answered {@code 503
 * overloaded} with {@code Retry-After} at once, before anything is read or stored, so a burst
 * larger than the platform can absorb costs bounded memory and the client knows to come back.
 * Reads are not counted: they hold no command in flight. Runs on the verticle's event loop only.
 */
final class CommandsInFlight {
    private final int max;
    private int inFlight;

    CommandsInFlight(int max) {
        this.max = max;
    }

    void admit(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        if (inFlight >= max) {
            HttpReplies.unavailable(ctx, "overloaded", max + " requests are being worked on; retry after "
                    + HttpReplies.RETRY_AFTER_SECONDS + " s");
            return;
        }
        inFlight++;
        ctx.addEndHandler(ended -> inFlight--);
        ctx.next();
    }
}
