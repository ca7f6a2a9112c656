package dev.domainagents.core.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's management port: {@code GET /health}, {@code /ready} and {@code /metrics}, answered
 * as the HTTP ingress answers them, so that every node can be watched and scraped, whether it runs
 * the ingress or not. It serves nothing else: no data, no admin, no request body is read; any
 * other request is {@code 404}, any other method {@code 405}.
 */
public final class ManagementServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final String host;
    private final int port;
    private final Readiness readiness;
    private final String nodeId;
    private final PrometheusMeterRegistry prometheus;
    private HttpServer server;

    /** Listens on {@code host:port} ({@code 0}: a free port). */
    public ManagementServer(String host, int port, Readiness readiness, String nodeId, PrometheusMeterRegistry prometheus) {
        this.host = host;
        this.port = port;
        this.readiness = readiness;
        this.nodeId = nodeId;
        this.prometheus = prometheus;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false).setIdleTimeout(60))
                .requestHandler(this::serve)
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

    private void serve(HttpServerRequest request) {
        String path = request.path();
        boolean known = path.equals("/health") || path.equals("/ready") || path.equals("/metrics");
        if (!known) {
            reply(request, 404, error("not_found", "the management port serves /health, /ready and /metrics only"));
        } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader("Allow", "GET, HEAD");
            reply(request, 405, error("method_not_allowed", path + " answers GET only"));
        } else if (path.equals("/health")) {
            reply(request, 200, new JsonObject().put("status", "UP").put("node", nodeId));
        } else if (path.equals("/ready")) {
            readiness.check().onComplete(checked -> {
                JsonObject result = checked.result();
                boolean ready = result.getBoolean("ready");
                reply(request, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN")
                        .put("checks", result.getJsonObject("checks")));
            });
        } else {
            request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.scrape());
        }
    }

    private static JsonObject error(String code, String message) {
        return new JsonObject().put("error", code).put("message", message).put("details", new io.vertx.core.json.JsonArray());
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
