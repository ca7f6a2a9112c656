package dev.domainagents.launcher;

import dev.domainagents.core.http.ManagementServer;
import dev.domainagents.core.http.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Opens the node's management port when {@link ManagementSettings} turn it on, before anything
 * else is deployed: a port already taken stops the start before it takes a lease or seeds
 * anything. Closing the node's Vert.x closes it, last.
 */
final class ManagementPort {
    private ManagementPort() {
    }

    static Future<Void> listen(Vertx vertx, ManagementSettings settings, Readiness readiness, String nodeId,
                               PrometheusMeterRegistry registry) {
        if (!settings.enabled()) {
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(new ManagementServer(settings.host(), settings.port(), readiness, nodeId, registry))
                .recover(failure -> Future.failedFuture(StartFailure.of("the management port cannot listen on "
                        + settings.host() + ":" + settings.port(), failure)))
                .mapEmpty();
    }
}
