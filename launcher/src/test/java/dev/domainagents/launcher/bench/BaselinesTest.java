package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The baselines measure real work: no figure is asserted, only that each measures something and cleans up. */
class BaselinesTest {
    private static final Duration WARMUP = Duration.ofMillis(200);
    private static final Duration WINDOW = Duration.ofMillis(800);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void eventBusBaselineMeasuresAnsweredRequestsAndLeavesNoConsumer() {
        Rate rate = await(EventBusBaseline.measure(vertx, 8, WARMUP, WINDOW));

        assertThat(rate.succeeded()).isPositive();
        assertThat(rate.failed()).isZero();
        assertThat(rate.perSecond()).isPositive();
        assertThat(rate.window()).isEqualTo(WINDOW);
    }

    @Test
    void insertBaselineMeasuresCommittedInsertsAndDropsItsScratchTable() {
        PgSettings database = TestPostgres.freshDatabase();

        Rate rate = await(InsertBaseline.measure(vertx, database, 8, WARMUP, WINDOW));

        assertThat(rate.succeeded()).isPositive();
        assertThat(rate.failed()).isZero();
        assertThat(rate.perSecond()).isPositive();
        Pool pool = Databases.pool(vertx, database);
        try {
            long scratchTables = await(pool.query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_scratch_%'")
                    .execute()).iterator().next().getLong(0);
            assertThat(scratchTables).isZero();
        } finally {
            await(pool.close());
        }
    }
}
