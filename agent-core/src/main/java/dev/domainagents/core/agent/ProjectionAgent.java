package dev.domainagents.core.agent;

import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.store.Subscription;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A projection keeps a read model (its own tables) up to date from events, declared with
 * {@code when}, in the transaction that moves its checkpoint: the read model is exactly the
 * events up to the checkpoint. Because it depends on nothing but the events, it can be rebuilt:
 * a request on {@link Addresses#rebuild} empties its tables ({@link #clear}) and rewinds its
 * checkpoint in one transaction, and the subscription replays the event store from zero.
 * Handlers must therefore derive everything from the event (never the clock or other tables
 * that the rebuild does not clear) for the rebuilt model to equal the live one.
 */
public abstract non-sealed class ProjectionAgent extends ReactingAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionAgent.class);

    private MessageConsumer<Object> rebuildRequests;

    protected ProjectionAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    @Override
    public final String kind() {
        return "projection";
    }

    /** Deletes every row of the read model, inside the rebuild's transaction. */
    protected abstract Future<Void> clear(SqlConnection sql);

    @Override
    public Future<?> start() {
        return super.start().compose(started -> {
            rebuildRequests = vertx.eventBus().consumer(Addresses.rebuild(name()), request -> rebuild()
                    .onSuccess(rebuilt -> request.reply(name()))
                    .onFailure(failure -> request.fail(500, failure.getMessage())));
            return rebuildRequests.completion();
        });
    }

    @Override
    public Future<?> stop() {
        Future<Void> unregistered = rebuildRequests == null ? Future.succeededFuture() : rebuildRequests.unregister();
        return unregistered.transform(done -> super.stop());
    }

    private Future<Void> rewindAll(Tx tx) {
        Future<Void> rewound = Future.succeededFuture();
        for (String subscription : subscriptionNames()) {
            rewound = rewound.compose(previous -> Subscription.rewind(tx, subscription));
        }
        return rewound;
    }

    /** Empties the read model and rewinds the checkpoints (one per segment) together; the catch-up then runs as usual. */
    private Future<Void> rebuild() {
        return Tx.run(runtime.pool(), tx -> rewindAll(tx).compose(rewound -> clear(tx.connection())))
                .onSuccess(rebuilt -> {
                    LOG.info("projection.rebuild.started projection={}", name());
                    runtime.events().announceAppend(List.of());
                });
    }
}
