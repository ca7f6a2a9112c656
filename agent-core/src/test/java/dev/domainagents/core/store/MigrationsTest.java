package dev.domainagents.core.store;

import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void migrationsStartedAtOnceFromSeveralProcessesApplyEachVersionOnce() {
        PgSettings database = TestPostgres.freshDatabase();
        List<String> locations = List.of(Migrations.CORE_LOCATION);

        List<Integer> executed = await(Future.all(IntStream.range(0, 4)
                .mapToObj(i -> Migrations.migrate(vertx, database, locations)).toList())).list();
        int again = await(Migrations.migrate(vertx, database, locations));

        Pool pool = Databases.pool(vertx, database);
        long applied = await(pool.query("SELECT count(*) FROM flyway_schema_history WHERE success").execute())
                .iterator().next().getLong(0);
        assertThat(executed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(applied);
        assertThat(applied).isGreaterThanOrEqualTo(2);
        assertThat(again).isZero();
    }

    @Test
    void aModuleMigrationNumberedBelowOneAlreadyAppliedStillRuns() {
        PgSettings database = TestPostgres.freshDatabase();
        await(Migrations.migrate(vertx, database, List.of(Migrations.CORE_LOCATION, "classpath:db/test-module-late")));

        int executed = await(Migrations.migrate(vertx, database,
                List.of(Migrations.CORE_LOCATION, "classpath:db/test-module-late", "classpath:db/test-module-early")));

        Pool pool = Databases.pool(vertx, database);
        assertThat(executed).isEqualTo(1);
        assertThat(await(pool.query("SELECT count(*) FROM test_module_early").execute()).iterator().next().getLong(0)).isZero();
    }
}
