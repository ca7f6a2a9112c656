package dev.domainagents.core.http;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.delivery.DeadLetter;
import dev.domainagents.core.delivery.Failures;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.saga.SagaViews;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP ingress verticle: operations routes (health, readiness, metrics, dead letters,
 * agents, sagas) and the routes every agent module on the classpath contributes. Admin
 * routes take the bearer token when one is configured. Unknown routes and unexpected
 * failures answer in the API.md error shape.
 */
public final class HttpIngress extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIngress.class);
    private static final int MAX_PAGE = 500;

    private final AgentRuntime runtime;
    private final List<AgentModule> modules;
    private final HttpSettings settings;
    private final Readiness readiness;
    private final AgentDirectory directory;
    private final ClusterDirectory cluster;
    private final PrometheusMeterRegistry prometheus;
    private HttpServer server;

    public HttpIngress(AgentRuntime runtime, List<AgentModule> modules, HttpSettings settings, Readiness readiness,
                       AgentDirectory directory, ClusterDirectory cluster, PrometheusMeterRegistry prometheus) {
        this.runtime = runtime;
        this.modules = modules;
        this.settings = settings;
        this.readiness = readiness;
        this.directory = directory;
        this.cluster = cluster;
        this.prometheus = prometheus;
    }

    /** An ingress for a node that is the whole platform: {@code GET /admin/agents} lists it alone. */
    public HttpIngress(AgentRuntime runtime, List<AgentModule> modules, HttpSettings settings, Readiness readiness,
                       AgentDirectory directory, PrometheusMeterRegistry prometheus) {
        this(runtime, modules, settings, readiness, directory,
                new ClusterDirectory(directory, runtime.metrics(), runtime.leases(), ClusterDirectory.Members.alone()), prometheus);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(RequestGuards::noNulCharacters);
        router.route().handler(new CommandsInFlight(settings.maxCommandsInFlight())::admit);
        router.route().handler(RequestGuards::noFormBodies);
        // no route takes a file: nothing a request sends is written to disk
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.bodyLimitBytes()).setDeleteUploadedFilesOnEnd(true));
        new OperationsRoutes(readiness, directory.nodeId(), prometheus).mount(router);
        AdminAuth adminAuth = new AdminAuth(settings.adminToken());
        router.route("/admin/*").handler(adminAuth);
        router.get("/admin/dlq").handler(this::listDeadLetters);
        router.post("/admin/dlq/:id/redrive").handler(ctx -> actOnDeadLetter(ctx, runtime.deadLetters()::redrive));
        router.delete("/admin/dlq/:id").handler(ctx -> actOnDeadLetter(ctx, runtime.deadLetters()::discard));
        router.get("/admin/agents").handler(this::listAgents);
        router.post("/admin/projections/:name/rebuild").handler(this::rebuildProjection);
        new SagaAdminRoutes(new SagaViews(runtime.pool())).mount(router);
        Ingress ingress = new Ingress(vertx, runtime, adminAuth, new EventStreams(vertx, settings.connections()));
        modules.forEach(module -> module.mountRoutes(router, ingress));
        router.route().last().handler(ctx -> HttpReplies.respond(ctx, 404, "not_found", "no route for " + ctx.request().path()));
        router.route().failureHandler(this::failed);
        // HTTP/1.1 only on plain text: a client's h2c upgrade request is answered in HTTP/1.1, as
        // RFC 9110 lets a server. The upgrade path stalled a JDK HttpClient's first request now and
        // then (KafkaCommandsInIT); HTTP/2 belongs behind TLS, at a proxy in front of the nodes.
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)
                        .setIdleTimeout((int) settings.connections().idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                .invalidRequestHandler(RequestGuards::unreadable)
                .requestHandler(router)
                .listen(settings.port(), settings.host())
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("http.listening host={} port={} admin={}", settings.host(), listening.actualPort(), settings.adminAccess());
                });
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.actualPort();
    }

    private void listDeadLetters(RoutingContext ctx) {
        Optional<Integer> limit = QueryParams.intParam(ctx, "limit", 50, 1, MAX_PAGE);
        Optional<Integer> after = QueryParams.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
        if (limit.isEmpty() || after.isEmpty()) {
            HttpReplies.respond(ctx, 400, "validation_failed", "limit must be 1-" + MAX_PAGE + ", after a non-negative id");
            return;
        }
        runtime.deadLetters().list(limit.get(), after.get()).onComplete(listed -> {
            if (listed.failed()) {
                ctx.fail(listed.cause());
                return;
            }
            JsonArray letters = new JsonArray();
            listed.result().forEach(letter -> letters.add(letter.toJson()));
            Long next = listed.result().size() == limit.get() ? listed.result().get(limit.get() - 1).id() : null;
            HttpReplies.json(ctx, 200, new JsonObject().put("deadLetters", letters).put("next", next == null ? null : String.valueOf(next)));
        });
    }

    private void actOnDeadLetter(RoutingContext ctx, java.util.function.LongFunction<Future<Optional<DeadLetter>>> action) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            HttpReplies.respond(ctx, 404, "not_found", "no dead letter " + ctx.pathParam("id"));
            return;
        }
        action.apply(id).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else if (done.result().isEmpty()) {
                HttpReplies.respond(ctx, 404, "not_found", "no dead letter " + id);
            } else {
                HttpReplies.json(ctx, 200, done.result().get().toJson());
            }
        });
    }

    /** Asks the projection, on whichever node runs it, to rebuild; answers once the rewind committed. */
    private void rebuildProjection(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        vertx.eventBus().request(Addresses.rebuild(name), null).onComplete(asked -> {
            if (asked.succeeded()) {
                HttpReplies.json(ctx, 202, new JsonObject().put("projection", name).put("status", "REBUILDING"));
            } else if (asked.cause() instanceof ReplyException refused && refused.failureType() == ReplyFailure.NO_HANDLERS) {
                HttpReplies.respond(ctx, 404, "not_found", "no projection named " + name + " is deployed");
            } else {
                ctx.fail(asked.cause());
            }
        });
    }

    /** This node's agents and breakers, and every node of the cluster with its agents. */
    private void listAgents(RoutingContext ctx) {
        cluster.everyNode(vertx).onComplete(gathered -> {
            if (gathered.failed()) {
                ctx.fail(gathered.cause());
                return;
            }
            HttpReplies.json(ctx, 200, new JsonObject()
                    .put("agents", cluster.agents())
                    .put("leases", runtime.leases().toJson())
                    .put("breakers", new JsonObject(new java.util.HashMap<>(runtime.breakers().states()
                            .entrySet().stream().collect(java.util.stream.Collectors.toMap(
                                    java.util.Map.Entry::getKey, e -> e.getValue().name())))))
                    .mergeIn(gathered.result()));
        });
    }

    /**
     * A database that cannot be reached, or a command its agent answered as failed (the agent logged
     * why, and an outage is logged once by the loops that meet it), is logged per request at debug
     * level only. A command nobody answered is worth a line each; anything else is a bug.
     */
    private static void logFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        if (failure != null && (Failures.isDatabaseUnavailable(failure)
                || failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE)) {
            LOG.debug("http.unavailable method={} path={} reason={}", method, path, failure.getMessage());
        } else if (failure instanceof ReplyException unanswered) {
            LOG.warn("http.unanswered method={} path={} reason={}", method, path, unanswered.getMessage());
        } else {
            LOG.error("http.failed method={} path={} reason={}", method, path, String.valueOf(failure), failure);
        }
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            HttpReplies.respond(ctx, 413, "payload_too_large", "the body exceeds " + settings.bodyLimitBytes() + " bytes");
        } else if (status >= 400 && status < 500) {
            HttpReplies.respond(ctx, status, "bad_request", "the request was refused");
        } else {
            logFailure(ctx);
            HttpReplies.unavailable(ctx, "unavailable", "the request could not be served now; retry later");
        }
    }

}
