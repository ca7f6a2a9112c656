package dev.domainagents.core.agent;

import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.message.MessageType;
import dev.domainagents.core.message.SentIds;
import dev.domainagents.core.store.RecordedEvent;
import dev.domainagents.core.store.GlobalPosition;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a handler may do while handling one message, all inside the one transaction in
 * which the platform also records the message as handled (inbox or checkpoint): append
 * events, send commands through the outbox, use the connection for its own tables. Every
 * message it creates is caused by the message being handled and carries its correlation.
 * It offers no call to the outside world: a command that needs one declares it with
 * {@link ExecutionAgent#onOutside}, whose {@link OutsideContext} makes it before the transaction.
 */
public final class HandlerContext {
    private final Envelope message;
    private final Tx tx;
    private final AgentRuntime runtime;
    private final AggregateCache cache;
    private final Instant now;
    private final GlobalPosition position;
    private final SentIds sentIds;

    HandlerContext(String agent, Envelope message, Tx tx, AgentRuntime runtime, AggregateCache cache) {
        this(agent, message, null, tx, runtime, cache);
    }

    HandlerContext(String agent, Envelope message, GlobalPosition position, Tx tx, AgentRuntime runtime, AggregateCache cache) {
        this.message = message;
        this.sentIds = new SentIds(agent, message.messageId());
        this.position = position;
        this.tx = tx;
        this.runtime = runtime;
        this.cache = cache;
        this.now = runtime.clock().instant();
    }

    /** The command or event being handled. */
    public Envelope message() {
        return message;
    }

    /** The event's position in the event store, when an event is being handled; a command has none. */
    public Optional<GlobalPosition> position() {
        return Optional.ofNullable(position);
    }

    /** The transaction's connection, for the agent's own tables (read models, saga state). */
    public SqlConnection sql() {
        return tx.connection();
    }

    /** The time this handling started; the one clock reading a handler should use. */
    public Instant now() {
        return now;
    }

    /** Appends events (records) to a stream at its expected version; answers the new version. */
    public Future<Long> append(String streamId, long expectedVersion, List<?> events) {
        List<Envelope> envelopes = events.stream()
                .map(event -> message.causing(MessageKind.EVENT, streamId, event, now))
                .toList();
        return runtime.events().append(tx, streamId, expectedVersion, envelopes);
    }

    public Future<List<RecordedEvent>> readStream(String streamId) {
        return runtime.events().readStream(tx.connection(), streamId, 0);
    }

    /**
     * An aggregate's current state: the cached state and the events appended after it (usually
     * none), so writes by other instances or nodes are always seen; on a cache miss, the stream
     * read from its snapshot, if the aggregate keeps them.
     */
    public <C, E, S> Future<Loaded<S>> load(Aggregate<C, E, S> aggregate, String streamId) {
        return cache.load(tx.connection(), runtime.events(), aggregate, streamId);
    }
    /**
     * Loads the aggregate's stream, decides on the command and appends the resulting events
     * at the version it read (a concurrent writer makes this a retried conflict). Answers the
     * aggregate's state after them.
     */
    public <C, E, S> Future<S> decide(Aggregate<C, E, S> aggregate, String streamId, C command) {
        return load(aggregate, streamId).compose(loaded -> decide(aggregate, loaded, command));
    }

    /** Decides on a state loaded earlier in this handling; appends at the version it was loaded at. */
    public <C, E, S> Future<S> decide(Aggregate<C, E, S> aggregate, Loaded<S> loaded, C command) {
        return record(aggregate, loaded, aggregate.decide(command, loaded.state())).map(Loaded::state);
    }

    /** Appends events an aggregate decided at the version its state was loaded at; answers the state after them. */
    public <C, E, S> Future<Loaded<S>> record(Aggregate<C, E, S> aggregate, Loaded<S> loaded, List<E> decided) {
        return append(loaded.streamId(), loaded.version(), decided)
                .compose(version -> {
                    Loaded<S> after = new Loaded<>(loaded.streamId(), version, aggregate.evolve(loaded.state(), decided));
                    tx.afterCommit(() -> cache.put(after));
                    // the snapshot must commit or roll back with the append: never written once the transaction ended
                    return tx.stillOpen().compose(open -> aggregate.snapshotIfDue(tx.connection(), loaded.version(), after)).map(after);
                });
    }

    /**
     * Runs {@code action} once the transaction of this handling has committed, and
     * never if it rolls back (a retry handles the message again and registers it again). For
     * effects that must not be seen before the commit and may be lost in a crash right after
     * it: a live notification, a cache. A subscription commits a batch of events at once, so
     * the actions of a batch run together after its commit.
     */
    public void afterCommit(Runnable action) {
        tx.afterCommit(action);
    }

    /**
     * Sends a command through the outbox: it leaves only if this transaction commits, and is resent until
     * acknowledged. Its id is derived from the message being handled ({@link SentIds}), so handling that
     * message again sends a copy its receiver recognises.
     */
    public Future<Void> send(String aggregateId, Object command) {
        UUID id = sentIds.next(MessageType.Of.name(command.getClass()), aggregateId);
        Envelope envelope = message.causing(id, MessageKind.COMMAND, aggregateId, command, now);
        return runtime.outbox().add(tx, Addresses.command(envelope.type()), envelope);
    }
}
