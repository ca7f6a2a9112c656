package dev.domainagents.core.saga;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.fixtures.TimeoutCoordinator;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class SagaTest {
    private TestPlatform platform;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        platform.deploy(new CounterAgent(platform.runtime()));
        platform.deploy(new DeadlineScheduler(platform.pool(), platform.runtime().events(), platform.runtime().clock(),
                Duration.ofMillis(50), platform.runtime().leases()));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void deadlineThatFallsDueReachesTheSagaOnceAndItCompensates() {
        platform.deploy(new TimeoutCoordinator(platform.runtime()));

        increment("slow", 1);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-slow-expired'") == 1);
        Row saga = platform.query("SELECT step, completed, state->>'outcome' AS outcome FROM sagas WHERE correlation_id = 'slow'").get(0);
        assertThat(saga.getString("step")).isEqualTo("EXPIRED");
        assertThat(saga.getBoolean("completed")).isTrue();
        assertThat(saga.getString("outcome")).isEqualTo("expired");
        assertThat(platform.query("SELECT step FROM saga_steps WHERE correlation_id = 'slow' ORDER BY seq"))
                .extracting(row -> row.getString(0)).containsExactly("WAITING", "EXPIRED");
        assertThat(platform.count("SELECT count(*) FROM deadlines")).isZero();
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'saga.deadline-reached'")).isEqualTo(1);
    }

    @Test
    void cancelledDeadlineNeverFires() {
        // patience enough for the second increment to arrive first even on a slow machine; waited out below
        Duration patience = Duration.ofSeconds(2);
        platform.deploy(new TimeoutCoordinator(platform.runtime(), patience));

        increment("quick", 1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM deadlines WHERE correlation_id = 'quick'") == 1);
        increment("quick", 100);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM sagas WHERE correlation_id = 'quick' AND completed") == 1);

        // The scheduler fires only what is in the table: a deadline removed there can never fire.
        assertThat(platform.count("SELECT count(*) FROM deadlines WHERE correlation_id = 'quick'")).isZero();
        org.awaitility.Awaitility.await().during(patience.plusMillis(500)).atMost(patience.plusSeconds(5))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE type = 'saga.deadline-reached'") == 0);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-quick-expired'")).isZero();
        assertThat(platform.query("SELECT state->>'outcome' FROM sagas WHERE correlation_id = 'quick'"))
                .extracting(row -> row.getString(0)).containsExactly("in-time");
    }

    /** Due times are the database's: a node whose clock is an hour ahead still sees its deadline fire on time. */
    @Test
    void aDeadlineFallsDueByTheDatabaseClockWhateverTheNodeClockSays() {
        AgentRuntime runtime = platform.runtime();
        AgentRuntime aheadByAnHour = new AgentRuntime(runtime.pool(), runtime.events(), runtime.outbox(), runtime.inbox(),
                runtime.deadLetters(), runtime.breakers(), runtime.leases(), runtime.metrics(), runtime.delivery(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), runtime.config());
        platform.deploy(new TimeoutCoordinator(aheadByAnHour));

        increment("skewed", 1);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-skewed-expired'") == 1);
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'saga.deadline-reached'")).isEqualTo(1);
    }

    @Test
    void sagaStateSurvivesARestartOfItsCoordinator() {
        String first = platform.deploy(new TimeoutCoordinator(platform.runtime()));
        increment("restarted", 1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM sagas WHERE correlation_id = 'restarted'") == 1);

        platform.undeploy(first);
        platform.deploy(new TimeoutCoordinator(platform.runtime()));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-restarted-expired'") == 1);
        assertThat(platform.query("SELECT step FROM saga_steps WHERE correlation_id = 'restarted' ORDER BY seq"))
                .extracting(row -> row.getString(0)).containsExactly("WAITING", "EXPIRED");
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'saga.deadline-reached'")).isEqualTo(1);
    }

    private void increment(String counter, int by) {
        await(Bus.request(platform.vertx(), Bus.command(counter, new Increment(counter, by))));
    }
}
