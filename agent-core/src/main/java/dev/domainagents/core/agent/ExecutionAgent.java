package dev.domainagents.core.agent;

import dev.domainagents.core.delivery.CommandPipeline;
import dev.domainagents.core.delivery.Failures;
import dev.domainagents.core.delivery.ReplyDeadline;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.message.MessageType;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * An execution agent handles the commands of one aggregate type. Declare each command in
 * the constructor with {@link #on}, or with {@link #onOutside} if it calls the outside world
 * (the only way to: no call is made inside a transaction); the platform subscribes to the
 * command's address and wraps the handler in the delivery pipeline (inbox, per-aggregate
 * order, retry, dead letters, metrics). The reply to the sender is the handler's result, or, for a message
 * already handled, the reply stored the first time (with header {@code duplicate=true}).
 * A command sent with a {@link ReplyDeadline} header (by the HTTP ingress) is handled only
 * before that deadline and never dead-lettered.
 */
public abstract non-sealed class ExecutionAgent extends Agent {
    /** Header set on a reply that was replayed from the inbox for a duplicate delivery. */
    public static final String DUPLICATE_HEADER = "duplicate";

    /** How one command type is handled, and which keys order it against other commands. */
    private record Route(CommandPipeline.Handling handling, Function<Envelope, List<String>> orderingKeys) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final List<MessageConsumer<Envelope>> consumers = new ArrayList<>();
    private CommandPipeline pipeline;

    protected ExecutionAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    @Override
    public final String kind() {
        return "execution";
    }

    /**
     * Declares that this agent handles commands of {@code type}, one at a time per aggregate
     * id of the envelope. Call from the constructor.
     */
    protected final <C> void on(Class<C> type, CommandHandler<C> handler) {
        on(type, command -> List.of(), handler);
    }

    /**
     * Declares a command that touches several aggregates: it waits for earlier commands on
     * any of the keys {@code touches} names (besides its envelope's aggregate id).
     */
    protected final <C> void on(Class<C> type, Function<C, List<String>> touches, CommandHandler<C> handler) {
        routes.put(MessageType.Of.name(type), new Route(
                CommandPipeline.Handling.inTransaction((command, tx) ->
                        handler.handle(command.payloadAs(type), new HandlerContext(name(), command, tx, runtime, cache))
                                .map(reply -> (Object) reply)),
                envelope -> orderingKeys(envelope, touches.apply(envelope.payloadAs(type)))));
    }

    /**
     * Declares a command that needs the outside world (a payment gateway, say): the one way an
     * agent calls it. First, with no transaction open and only for a command its inbox does not
     * know, {@code ask} reads what it needs and calls through {@link OutsideContext#call}: the
     * dependency's circuit breaker, with an idempotency key derived from the command. Then
     * {@code record} records the answer in the command's transaction, which the inbox entry
     * joins. So a slow dependency holds no transaction open (none holds back the subscriptions),
     * and a transaction run again (a neighbour in a shared one failed) does not call again.
     * A failed call is retried, with the call, per the agent's retry policy. Handled one at a
     * time per aggregate id, call included. Call from the constructor.
     */
    protected final <C, A> void onOutside(Class<C> type, OutsideStep<C, A> ask, AnswerHandler<C, A> record) {
        routes.put(MessageType.Of.name(type), new Route(
                CommandPipeline.Handling.outsideFirst(
                        command -> ask.ask(command.payloadAs(type), new OutsideContext(command, runtime, cache)).map(answer -> (Object) answer),
                        (command, answer, tx) -> record.handle(command.payloadAs(type), answerOf(answer),
                                new HandlerContext(name(), command, tx, runtime, cache)).map(reply -> (Object) reply)),
                envelope -> orderingKeys(envelope, List.of())));
    }

    @SuppressWarnings("unchecked")
    private static <A> Optional<A> answerOf(Object answer) {
        return (Optional<A>) answer;
    }

    private static List<String> orderingKeys(Envelope envelope, List<String> touched) {
        List<String> keys = new ArrayList<>(touched);
        if (envelope.aggregateId() != null && !keys.contains(envelope.aggregateId())) {
            keys.add(envelope.aggregateId());
        }
        return keys;
    }

    /**
     * Declares that commands of {@code type} go to an event-sourced aggregate: the stream
     * named by {@code streamId} is loaded, the decider decides, the events are appended.
     * The reply is the aggregate's state after the command.
     */
    protected final <C, S> void on(Class<? extends C> type, Aggregate<C, ?, S> aggregate,
                                   java.util.function.Function<C, String> streamId, java.util.function.Function<S, ?> reply) {
        handleWith(type, aggregate, streamId, reply);
    }

    private <C, K extends C, S> void handleWith(Class<K> type, Aggregate<C, ?, S> aggregate,
                                                java.util.function.Function<C, String> streamId,
                                                java.util.function.Function<S, ?> reply) {
        on(type, (command, context) -> context.decide(aggregate, streamId.apply(command), command).map(reply));
    }

    @Override
    public Future<?> start() {
        pipeline = new CommandPipeline(vertx, name(), runtime.pool(), runtime.delivery().batchingFor(name()),
                runtime.inbox(), runtime.deadLetters(),
                runtime.delivery().retryFor(name()), new CommandPipeline.Listener() {
                    @Override
                    public void retried(Envelope command) {
                        runtime.metrics().retried(name(), command.type());
                    }

                    @Override
                    public void deadLettered(Envelope command) {
                        runtime.metrics().deadLettered(name(), command.type());
                    }

                    @Override
                    public void duplicate(Envelope command) {
                        runtime.metrics().duplicate(name(), command.type());
                    }
                });
        routes.forEach((type, route) -> {
            String address = Addresses.command(type);
            consumers.add(vertx.eventBus().consumer(address, message -> deliver(address, message, route)));
        });
        return Future.join(consumers.stream().map(MessageConsumer::completion).toList());
    }

    /** Stops taking commands, then lets those in progress finish. */
    @Override
    public Future<?> stop() {
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
                .transform(unregistered -> pipeline.idle());
    }

    private void deliver(String address, Message<Envelope> message, Route route) {
        Envelope command = message.body();
        var sample = runtime.metrics().startHandling();
        List<String> keys;
        try {
            keys = route.orderingKeys().apply(command);
        } catch (RuntimeException malformed) {
            keys = orderingKeys(command, List.of()); // the handler meets the same payload and dead-letters it
        }
        Optional<ReplyDeadline> deadline = ReplyDeadline.fromHeader(message.headers().get(ReplyDeadline.HEADER));
        pipeline.deliver(address, command, keys, deadline, route.handling()).onComplete(done -> {
            if (done.succeeded()) {
                runtime.metrics().handled(name(), command.type(), sample);
                CommandPipeline.Reply reply = done.result();
                message.reply(new Envelope(UUID.randomUUID(), reply.type(), MessageKind.REPLY, command.aggregateId(),
                        command.correlationId(), command.messageId(), runtime.clock().instant(), 1,
                        reply.duplicate() ? Map.of(DUPLICATE_HEADER, "true") : Map.of(), reply.payload()));
            } else {
                runtime.metrics().failed(name(), command.type());
                boolean buried = done.cause() instanceof CommandPipeline.DeadLetteredException;
                message.fail(buried ? Failures.DEAD_LETTERED : 500, done.cause().getMessage());
            }
        });
    }
}
