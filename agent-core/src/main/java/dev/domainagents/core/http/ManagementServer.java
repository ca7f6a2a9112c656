package dev.domainagents.core.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's management port: {@code GET /health}, {@code /ready} and {@code /metrics}, the very
 * routes of the HTTP ingress ({@link OperationsRoutes}), so that every node can be watched and
 * scraped, whether it runs the ingress or not. It serves nothing else: no data, no admin, no
 * request body is read; any other path is {@code 404}, any other method {@code 405}.
 */
public final class ManagementServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final String host;
    private final int port;
    private final OperationsRoutes routes;
    private HttpServer server;

    /** Listens on {@code host:port} ({@code 0}: a free port). */
    public ManagementServer(String host, int port, Readiness readiness, String nodeId, PrometheusMeterRegistry prometheus) {
        this.host = host;
        this.port = port;
        this.routes = new OperationsRoutes(readiness, nodeId, prometheus);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        routes.mount(router);
        router.errorHandler(404, ctx -> HttpReplies.respond(ctx, 404, "not_found",
                "the management port serves /health, /ready and /metrics only"));
        router.errorHandler(405, ctx -> {
            ctx.response().putHeader("Allow", "GET");
            HttpReplies.respond(ctx, 405, "method_not_allowed", ctx.request().path() + " answers GET only");
        });
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false).setIdleTimeout(60))
                .requestHandler(router)
                .listen(port, host)
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("management.listening host={} port={}", host, listening.actualPort());
                });
    }

    /** The port actually bound. */
    public int port() {
        return server.actualPort();
    }
}
