package dev.domainagents.core.delivery;

import dev.domainagents.core.store.Databases;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

/** Which real failures say the database is unavailable (no attempt of the message spent) and which are the message's own. */
class FailuresTest {
    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void refusedConnectionIsTheDatabaseUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Pool nowhere = Databases.pool(platform.vertx(), platform.database().withPort(closedPort));
        try {
            Throwable refused = awaitFailure(nowhere.query("SELECT 1").execute());

            assertThat(Failures.isDatabaseUnavailable(refused)).as("%s", refused).isTrue();
            assertThat(Failures.isDatabaseUnavailable(new TransientFailure("handler gave up", refused))).isTrue();
        } finally {
            await(nowhere.close());
        }
    }

    @Test
    void connectionTerminatedByTheServerIsTheDatabaseUnavailable() {
        Pool own = ownPool();
        try {
            Throwable terminated = awaitFailure(own.withConnection(connection ->
                    connection.query("SELECT pg_terminate_backend(pg_backend_pid())").execute()));

            assertThat(Failures.isDatabaseUnavailable(terminated)).as("%s", terminated).isTrue();
        } finally {
            await(own.close());
        }
    }

    @Test
    void pooledConnectionTheServerClosedMeanwhileIsTheDatabaseUnavailableOnItsNextUse() {
        Pool own = ownPool();
        SqlConnection stale = await(own.getConnection());
        try {
            int backend = await(stale.query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
            await(platform.pool().query("SELECT pg_terminate_backend(" + backend + ")").execute());

            // the client may refuse at once, by throwing, when it already saw the close: as in a compose of the platform's
            Throwable failure = awaitFailure(Future.succeededFuture().compose(ignored -> stale.query("SELECT 1").execute()));

            assertThat(Failures.isDatabaseUnavailable(failure)).as("%s", failure).isTrue();
        } finally {
            // closing a connection the client already saw close throws too, or fails: either way it is closed
            await(Future.succeededFuture().compose(ignored -> stale.close()).recover(ignored -> Future.succeededFuture()));
            await(own.close());
        }
    }

    /**
     * A pool of the test's own: a connection the server terminates stays in its pool until the
     * client notices, and must not be handed to another test as the platform's pool would.
     */
    private static Pool ownPool() {
        return Databases.pool(platform.vertx(), platform.database());
    }

    @Test
    void failuresOfTheStatementOrTheHandlerAreNot() {
        Throwable badStatement = awaitFailure(platform.pool().query("SELECT no_such_column FROM events").execute());
        Throwable conflict = awaitFailure(platform.pool().query("SELECT 1 / 0").execute());

        assertThat(Failures.isDatabaseUnavailable(badStatement)).as("%s", badStatement).isFalse();
        assertThat(Failures.isDatabaseUnavailable(conflict)).as("%s", conflict).isFalse();
        assertThat(Failures.isDatabaseUnavailable(new TransientFailure("flaky"))).isFalse();
        assertThat(Failures.isDatabaseUnavailable(new PermanentFailure("bad data"))).isFalse();
    }
}
