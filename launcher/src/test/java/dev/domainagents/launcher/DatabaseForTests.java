package dev.domainagents.launcher;

import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;

/** The test's own pool on a node's database, to read it for assertions. */
final class DatabaseForTests implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;

    DatabaseForTests(PgSettings database) {
        this.pool = Databases.pool(vertx, database);
    }

    List<Row> query(String statement) {
        List<Row> rows = new ArrayList<>();
        TestPlatform.await(pool.query(statement).execute()).forEach(rows::add);
        return rows;
    }

    long count(String statement) {
        return query(statement).get(0).getLong(0);
    }

    @Override
    public void close() {
        TestPlatform.await(vertx.close());
    }
}
