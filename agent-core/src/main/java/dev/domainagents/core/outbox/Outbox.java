package dev.domainagents.core.outbox;

import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

/**
 * The transactional outbox. A command added here is stored in the caller's transaction,
 * together with the caller's own state change; once that commits, the {@link OutboxRelay}
 * sends it at once and keeps resending until the receiver acknowledges. So a command is
 * sent if and only if the state change that decided it committed. Receivers dedup resends
 * through their inbox.
 */
public final class Outbox {
    private static final String INSERT = """
            INSERT INTO outbox (message_id, address, envelope, next_attempt_at)
            VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
            RETURNING id
            """;

    private final OutboxRelay relay;
    private final OutboxSettings settings;

    public Outbox(OutboxRelay relay, OutboxSettings settings) {
        this.relay = relay;
        this.settings = settings;
    }

    public Future<Void> add(Tx tx, String address, Envelope command) {
        return tx.connection().preparedQuery(INSERT)
                .execute(Tuple.of(command.messageId(), address, command.toJson(), settings.resendAfter().toMillis()))
                .map(rows -> rows.iterator().next().getLong("id"))
                .onSuccess(id -> tx.afterCommit(() -> relay.send(id, address, command)))
                .mapEmpty();
    }
}
