package dev.domainagents.core.delivery;

import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.outbox.Outbox;
import dev.domainagents.core.store.EventStore;
import dev.domainagents.core.store.GlobalPosition;
import dev.domainagents.core.store.RecordedEvent;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one dead-letter table for command handlers, subscriptions, projections and sagas.
 *
 * <p>A message is stored once per consumer (a second burial of the same message updates
 * its error and attempts). Redrive puts a message back for delivery: a command goes back
 * through the outbox to its address, its inbox record of the burial forgotten; an event is marked for its subscription, which
 * retries it and then the events of its stream that waited behind it. Discard deletes it
 * and keeps an audit record. Nothing here runs on its own: operators drive it.
 *
 * <p>A command's burial is also a failure its sender learns of: the same transaction appends a
 * {@link CommandDeadLettered} event (stream {@code dead-letter-<id>}), caused by the command.
 */
public final class DeadLetters {
    /** Published with the consumer's name when one of its dead letters is marked for redrive. */
    public static final String REDRIVE_ADDRESS = "domain-agents.dead-letters.redrive";

    private static final String COLUMNS = "id, consumer, address, envelope, stream_id, stream_version, event_tx_id, event_position, error, "
            + "attempts, "
            + "status, first_failed_at, last_failed_at";
    private static final String BURY = """
            INSERT INTO dead_letters (consumer, address, message_id, message_type, stream_id, stream_version,
                                      event_tx_id, event_position, envelope, error, attempts, status, first_failed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, LEAST(coalesce($13, now()), now()))
            ON CONFLICT (consumer, message_id) DO UPDATE
               SET error = excluded.error, attempts = dead_letters.attempts + excluded.attempts,
                   status = excluded.status, last_failed_at = now(),
                   first_failed_at = LEAST(dead_letters.first_failed_at, excluded.first_failed_at)
            RETURNING id
            """;

    private static final String PARK = """
            INSERT INTO dead_letters (consumer, address, message_id, message_type, stream_id, stream_version,
                                      event_tx_id, event_position, envelope, error, attempts, status)
            VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, 0, 'PARKED')
            ON CONFLICT (consumer, message_id) DO NOTHING
            """;
    private static final String FIRST_OF_EACH_STREAM = """
            SELECT DISTINCT ON (stream_id) stream_id, stream_version, status, event_tx_id, event_position
              FROM dead_letters
             WHERE consumer = $1 AND stream_id IS NOT NULL
             ORDER BY stream_id, stream_version
            """;

    private final Pool pool;
    private final Outbox outbox;
    private final Inbox inbox;
    private final EventBus bus;
    private final EventStore events;
    private final Clock clock;

    public DeadLetters(Pool pool, Outbox outbox, Inbox inbox, EventBus bus, EventStore events, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.inbox = inbox;
        this.bus = bus;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores a command that {@code consumer} gave up on, and appends the {@link CommandDeadLettered}
     * its sender learns it from, both in {@code tx}; a redrive sends it to {@code address} again.
     * {@code firstFailedAt} is the time of its first failed attempt ({@code null}: now), kept as
     * {@code firstFailureAt}; never later than the burial.
     */
    public Future<Void> buryCommand(Tx tx, String consumer, String address, Envelope command, Throwable error, int attempts,
                                    Instant firstFailedAt) {
        String described = Failures.describe(error);
        CommandDeadLettered buried = new CommandDeadLettered(command.messageId(), command.type(), command.aggregateId(),
                command.correlationId(), consumer, described, Failures.isPermanent(error), attempts);
        return tx.connection().preparedQuery(BURY)
                .execute(Tuple.of(consumer, address, command.messageId(), command.type(), null, null)
                        .addValue(null).addValue(null).addValue(command.toJson()).addValue(described)
                        .addValue(attempts).addValue(DeadLetter.Status.DEAD.name()).addValue(at(firstFailedAt)))
                .compose(rows -> events.append(tx, "dead-letter-" + rows.iterator().next().getLong("id"), 0,
                        List.of(command.causing(MessageKind.EVENT, command.aggregateId(), buried, clock.instant()))))
                .mapEmpty();
    }

    /** Stores an event that a subscription gave up on ({@code DEAD}) or holds back behind one ({@code PARKED}). */
    public Future<Void> buryEvent(SqlClient sql, String consumer, RecordedEvent event, String error, int attempts,
                                  DeadLetter.Status status) {
        return buryEvent(sql, consumer, event, error, attempts, status, null);
    }

    /**
     * As above, with the time of the event's first failed attempt ({@code null}: now), kept as
     * {@code firstFailureAt}; a later burial of the same event keeps the earliest.
     */
    public Future<Void> buryEvent(SqlClient sql, String consumer, RecordedEvent event, String error, int attempts,
                                  DeadLetter.Status status, Instant firstFailedAt) {
        return sql.preparedQuery(BURY)
                .execute(Tuple.of(consumer, null, event.envelope().messageId(), event.type(), event.streamId(), event.version())
                        .addValue(event.position().transactionId()).addValue(event.position().sequence())
                        .addValue(event.envelope().toJson()).addValue(error).addValue(attempts).addValue(status.name())
                        .addValue(at(firstFailedAt)))
                .mapEmpty();
    }

    /**
     * Stores an event that waits behind a dead letter of its stream ({@code PARKED}). A letter
     * already stored for it (met again by a projection replaying from zero) is left as it is:
     * a dead one stays dead, a redriven one stays marked for redrive.
     */
    public Future<Void> park(SqlClient sql, String consumer, RecordedEvent event, String reason) {
        return sql.preparedQuery(PARK)
                .execute(Tuple.of(consumer, event.envelope().messageId(), event.type(), event.streamId(), event.version())
                        .addValue(event.position().transactionId()).addValue(event.position().sequence())
                        .addValue(event.envelope().toJson()).addValue(reason))
                .mapEmpty();
    }

    /** The streams {@code consumer} (a subscription) holds back now, from its rows: see {@link ParkedStreams}. */
    public Future<ParkedStreams> parkedStreams(SqlClient sql, String consumer) {
        return sql.preparedQuery(FIRST_OF_EACH_STREAM).execute(Tuple.of(consumer)).map(rows -> {
            Map<String, ParkedStreams.Head> heads = new HashMap<>();
            for (Row row : rows) {
                heads.put(row.getString("stream_id"), new ParkedStreams.Head(row.getLong("stream_version"),
                        DeadLetter.Status.valueOf(row.getString("status")), positionOf(row)));
            }
            return new ParkedStreams(heads);
        });
    }

    /** The first (lowest version) letter of one stream of {@code consumer}, locked until {@code tx} ends; empty when none is left. */
    public Future<Optional<DeadLetter>> firstOfStream(Tx tx, String consumer, String streamId) {
        return tx.connection().preparedQuery("SELECT " + COLUMNS + " FROM dead_letters WHERE consumer = $1 AND stream_id = $2"
                        + " ORDER BY stream_version LIMIT 1 FOR UPDATE")
                .execute(Tuple.of(consumer, streamId))
                .map(rows -> toDeadLetters(rows).stream().findFirst());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public Future<List<DeadLetter>> list(int limit, long afterId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM dead_letters WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(afterId, limit))
                .map(DeadLetters::toDeadLetters);
    }

    public Future<Optional<DeadLetter>> find(long id) {
        return find(pool, id, "");
    }

    /**
     * Puts a dead letter back for delivery; answers it in the state the redrive left it in
     * ({@code REQUEUED} for a command, back in the outbox; {@code REDRIVE} for an event, until
     * its subscription handles it), or empty when there is no such id.
     */
    public Future<Optional<DeadLetter>> redrive(long id) {
        return Tx.run(pool, tx -> find(tx.connection(), id, " FOR UPDATE").compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(found);
            }
            DeadLetter letter = found.get();
            Future<Void> requeued = letter.address() != null
                    ? outbox.add(tx, letter.address(), letter.envelope().withAttempt(1))
                        .compose(added -> inbox.forget(tx.connection(), letter.consumer(), letter.envelope().messageId()))
                        .compose(forgotten -> delete(tx.connection(), id))
                    : markForRedrive(tx, letter);
            DeadLetter left = letter.withStatus(letter.address() != null ? DeadLetter.Status.REQUEUED : DeadLetter.Status.REDRIVE);
            return requeued.compose(done -> audit(tx.connection(), letter, "REDRIVE")).map(Optional.of(left));
        }));
    }

    /**
     * Deletes a dead letter for good, keeping an audit record; empty when there is no such id.
     * An event's stream then goes on without it: the events parked behind it are handled next,
     * in order, by whichever node runs its subscription (the hint only makes that prompt).
     */
    public Future<Optional<DeadLetter>> discard(long id) {
        return Tx.run(pool, tx -> find(tx.connection(), id, " FOR UPDATE").compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(found);
            }
            if (found.get().streamId() != null) {
                tx.afterCommit(() -> bus.publish(REDRIVE_ADDRESS, found.get().consumer()));
            }
            return delete(tx.connection(), id).compose(deleted -> audit(tx.connection(), found.get(), "DISCARD")).map(found);
        }));
    }

    /** A redriven event failed again: its letter, if still there, is dead once more, with this error. */
    public Future<Void> failedAgain(SqlClient sql, long id, String error) {
        return sql.preparedQuery("""
                        UPDATE dead_letters SET status = 'DEAD', error = $2, attempts = attempts + 1, last_failed_at = now()
                         WHERE id = $1""")
                .execute(Tuple.of(id, error))
                .mapEmpty();
    }

    /** Removes a dead letter its consumer has now handled. */
    public Future<Void> delete(SqlClient sql, long id) {
        return sql.preparedQuery("DELETE FROM dead_letters WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
    }

    private Future<Void> markForRedrive(Tx tx, DeadLetter letter) {
        tx.afterCommit(() -> bus.publish(REDRIVE_ADDRESS, letter.consumer()));
        return tx.connection().preparedQuery("UPDATE dead_letters SET status = 'REDRIVE' WHERE id = $1")
                .execute(Tuple.of(letter.id()))
                .mapEmpty();
    }

    private static Future<Void> audit(SqlClient sql, DeadLetter letter, String action) {
        return sql.preparedQuery("""
                        INSERT INTO dead_letter_audit (dead_letter_id, action, consumer, message_id, envelope)
                        VALUES ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(letter.id(), action, letter.consumer(), letter.envelope().messageId(), letter.envelope().toJson()))
                .mapEmpty();
    }

    /** {@code lock} is SQL of this class ("" or " FOR UPDATE"), never input; the id is bound. */
    private static Future<Optional<DeadLetter>> find(SqlClient sql, long id, String lock) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM dead_letters WHERE id = $1" + lock)
                .execute(Tuple.of(id))
                .map(rows -> toDeadLetters(rows).stream().findFirst());
    }

    private static GlobalPosition positionOf(Row row) {
        Long transactionId = row.getLong("event_tx_id");
        return transactionId == null ? null : new GlobalPosition(transactionId, row.getLong("event_position"));
    }

    private static List<DeadLetter> toDeadLetters(RowSet<Row> rows) {
        List<DeadLetter> letters = new ArrayList<>();
        for (Row row : rows) {
            letters.add(new DeadLetter(row.getLong("id"), row.getString("consumer"), row.getString("address"),
                    Envelope.fromJson(row.getJsonObject("envelope")), row.getString("stream_id"),
                    row.getLong("stream_version"), positionOf(row), row.getString("error"), row.getInteger("attempts"),
                    DeadLetter.Status.valueOf(row.getString("status")),
                    row.getOffsetDateTime("first_failed_at").toInstant(),
                    row.getOffsetDateTime("last_failed_at").toInstant()));
        }
        return letters;
    }
}
