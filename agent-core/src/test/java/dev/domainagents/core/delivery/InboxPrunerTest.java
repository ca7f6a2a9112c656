package dev.domainagents.core.delivery;

import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox forgets messages past the retention, and never one that a sender may still resend
 * or that lies in the dead letters. Every row of a test is written in one transaction, so the
 * round that deleted the old rows also saw the rows it had to keep.
 */
class InboxPrunerTest {
    private static final InboxSettings WEEK_EVERY_50_MS = new InboxSettings(Duration.ofHours(168), Duration.ofMillis(50));

    private TestPlatform platform;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void forgetsMessagesPastTheRetentionButNotOnesStillResentOrDeadLettered() {
        platform.query("""
                WITH old AS (SELECT now() - interval '8 days' AS at),
                inbox_rows AS (
                    INSERT INTO inbox (consumer, message_id, reply, handled_at)
                    SELECT 'stock', m.id::uuid, '{"type":"ack","payload":{}}', CASE WHEN m.name = 'fresh' THEN now() ELSE old.at END
                      FROM old, (VALUES ('past',       '00000000-0000-0000-0000-000000000001'),
                                        ('fresh',      '00000000-0000-0000-0000-000000000002'),
                                        ('unacked',    '00000000-0000-0000-0000-000000000003'),
                                        ('deadLetter', '00000000-0000-0000-0000-000000000004')) AS m(name, id)
                    RETURNING 1),
                outbox_rows AS (
                    INSERT INTO outbox (message_id, address, envelope, next_attempt_at)
                    VALUES ('00000000-0000-0000-0000-000000000003', 'command.stock.reserve', '{}', now() + interval '1 hour')
                    RETURNING 1)
                INSERT INTO dead_letters (consumer, message_id, message_type, envelope, error, attempts, status)
                VALUES ('stock', '00000000-0000-0000-0000-000000000004', 'stock.reserve', '{}', 'failed', 5, 'DEAD')
                RETURNING 1
                """);

        platform.deploy(new InboxPruner(platform.pool(), WEEK_EVERY_50_MS, platform.runtime().leases()));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM inbox WHERE message_id = '00000000-0000-0000-0000-000000000001'") == 0);
        assertThat(platform.query("SELECT message_id::text FROM inbox ORDER BY message_id").stream().map(row -> row.getString(0)))
                .containsExactly("00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003",
                        "00000000-0000-0000-0000-000000000004");
    }

    @Test
    void worksOffABacklogLargerThanOneBatch() {
        platform.query("""
                INSERT INTO inbox (consumer, message_id, reply, handled_at)
                SELECT 'order', gen_random_uuid(), '{"type":"ack","payload":{}}', now() - interval '30 days'
                  FROM generate_series(1, 2500)
                """);

        platform.deploy(new InboxPruner(platform.pool(), WEEK_EVERY_50_MS, platform.runtime().leases()));

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM inbox") == 0);
    }
}
