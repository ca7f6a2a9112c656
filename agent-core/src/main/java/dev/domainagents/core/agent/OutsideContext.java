package dev.domainagents.core.agent;

import dev.domainagents.core.delivery.PermanentFailure;
import dev.domainagents.core.message.Envelope;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * What the outside step of a command ({@link ExecutionAgent#onOutside}) may do, with no
 * database transaction open: read an aggregate's current state, and call each outside
 * dependency once through its circuit breaker with the command's {@link #idempotencyKey}.
 * Nothing here is recorded: the step's answer goes to the command's handler, which records
 * it in the transaction. The call may be made again with the same key (a retry, a redelivery
 * after a crash between the call and the commit), so the dependency must answer a repeated
 * key as it answered it the first time, as payment gateways do.
 */
public final class OutsideContext {
    private final Envelope message;
    private final AgentRuntime runtime;
    private final AggregateCache cache;
    private final Instant now;
    private final Set<String> called = new HashSet<>();

    OutsideContext(Envelope message, AgentRuntime runtime, AggregateCache cache) {
        this.message = message;
        this.runtime = runtime;
        this.cache = cache;
        this.now = runtime.clock().instant();
    }

    /** The command being handled. */
    public Envelope message() {
        return message;
    }

    /** The time this attempt started. */
    public Instant now() {
        return now;
    }

    /**
     * The key of this command's outside calls: its aggregate id and type (a command without an
     * aggregate id: its message id). So every copy, retry and redelivery of a command, and any
     * other command of the same type for the same aggregate, asks the dependency the same
     * question: one outside effect per aggregate and command type.
     */
    public String idempotencyKey() {
        return message.aggregateId() == null ? message.messageId().toString() : message.aggregateId() + ":" + message.type();
    }

    /** An aggregate's current state, read outside any transaction (its handler reads it again in the transaction). */
    public <C, E, S> Future<Loaded<S>> load(Aggregate<C, E, S> aggregate, String streamId) {
        return cache.load(runtime.pool(), runtime.events(), aggregate, streamId);
    }

    /**
     * Calls {@code dependency} through its circuit breaker, handing {@code call} the
     * {@link #idempotencyKey} to send with it. An open breaker, or no answer within the
     * breaker's call timeout, fails transiently, so the command is retried later. One call per
     * dependency and command: a second, which would share the first one's key, fails permanently.
     */
    public <T> Future<T> call(String dependency, Function<String, Future<T>> call) {
        if (!called.add(dependency)) {
            return Future.failedFuture(new PermanentFailure(
                    "a command calls " + dependency + " once: a second call would share the first one's idempotency key"));
        }
        return runtime.breakers().call(dependency, () -> call.apply(idempotencyKey()));
    }
}
