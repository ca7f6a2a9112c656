package dev.domainagents.core.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/**
 * The messages each agent has handled, with the reply it gave. Recorded in the same
 * transaction as the handler's state change, so a message is either handled and recorded,
 * or neither; a duplicate finds its original reply here and changes nothing. A command given
 * up on is recorded too, with {@link #DEAD_LETTERED}, in the transaction that buries it: a
 * copy arriving later (a sender's resend after its wait for the reply ran out) is then
 * answered "dead-lettered" instead of being handled behind the operator's back.
 */
public final class Inbox {
    /** The reply recorded for a command in the dead letters, until a redrive {@link #forget}s it. */
    public static final JsonObject DEAD_LETTERED = new JsonObject().put("type", "dead-lettered").put("payload", new JsonObject());

    public Future<Optional<JsonObject>> replyFor(SqlClient sql, String consumer, UUID messageId) {
        return sql.preparedQuery("SELECT reply FROM inbox WHERE consumer = $1 AND message_id = $2")
                .execute(Tuple.of(consumer, messageId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getJsonObject(0)));
    }

    /** Fails with a unique violation when a concurrent duplicate recorded it first; the retry then finds that reply. */
    public Future<Void> record(SqlClient sql, String consumer, UUID messageId, JsonObject reply) {
        return sql.preparedQuery("INSERT INTO inbox (consumer, message_id, reply) VALUES ($1, $2, $3)")
                .execute(Tuple.of(consumer, messageId, reply))
                .mapEmpty();
    }

    /** Lets the message be handled again: a redrive of a dead letter. */
    public Future<Void> forget(SqlClient sql, String consumer, UUID messageId) {
        return sql.preparedQuery("DELETE FROM inbox WHERE consumer = $1 AND message_id = $2")
                .execute(Tuple.of(consumer, messageId))
                .mapEmpty();
    }
}
