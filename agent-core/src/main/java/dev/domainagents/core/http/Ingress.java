package dev.domainagents.core.http;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.delivery.ReplyDeadline;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * What an agent module's HTTP routes get: the runtime (for reads), a way to send a
 * command to whichever agent handles it, anywhere on the bus, and wait for its reply, and
 * the admin guard for a route outside {@code /admin/*} that is an admin operation.
 * A request that the client will retry needs no outbox: the client is the retry. So the
 * command carries a {@link ReplyDeadline}: its agent starts no attempt after it and never
 * dead-letters it, and a route whose command failed or went unanswered answers {@code 503}
 * (see {@link HttpIngress}), never a success for something not stored.
 */
public final class Ingress {
    /** How long a route waits for the reply. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long the agent may start attempts: shorter than {@link #REPLY_TIMEOUT}, so that an attempt
     * begun just before it has time to commit and answer while the route still waits.
     */
    private static final Duration HANDLING_DEADLINE = Duration.ofSeconds(8);

    private final Vertx vertx;
    private final AgentRuntime runtime;
    private final Handler<RoutingContext> adminOnly;
    private final EventStreams eventStreams;

    Ingress(Vertx vertx, AgentRuntime runtime, Handler<RoutingContext> adminOnly, EventStreams eventStreams) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.adminOnly = adminOnly;
        this.eventStreams = eventStreams;
    }

    /**
     * An ingress for commands that come from elsewhere than HTTP (the Kafka command intakes):
     * it mounts no routes, so its admin guard refuses every request.
     */
    public static Ingress withoutRoutes(Vertx vertx, AgentRuntime runtime) {
        return new Ingress(vertx, runtime, ctx -> HttpReplies.respond(ctx, 403, "forbidden", "this ingress serves no routes"),
                new EventStreams(vertx, HttpSettings.Connections.DEFAULTS));
    }

    public AgentRuntime runtime() {
        return runtime;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * The guard every {@code /admin/*} route already passes (the bearer token, when one is
     * configured), for a module's admin operation at another path: put it before the route's handler.
     */
    public Handler<RoutingContext> adminOnly() {
        return adminOnly;
    }

    /** The node's Server-Sent Events streams: every route that streams opens its streams here, within the node's bounds. */
    public EventStreams eventStreams() {
        return eventStreams;
    }

    /** Sends a new command (its own flow, correlated by {@code correlationId}) and answers the reply envelope. */
    public Future<Envelope> request(String aggregateId, String correlationId, Object command) {
        Envelope envelope = Envelope.of(MessageKind.COMMAND, aggregateId, correlationId, command, runtime.clock().instant());
        return vertx.eventBus()
                .<Envelope>request(Addresses.command(envelope.type()), envelope,
                        new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT.toMillis())
                                .addHeader(ReplyDeadline.HEADER, String.valueOf(HANDLING_DEADLINE.toMillis())))
                .map(Message::body);
    }
}
