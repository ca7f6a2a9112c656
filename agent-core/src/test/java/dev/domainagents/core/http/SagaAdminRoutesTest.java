package dev.domainagents.core.http;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.CoordinatorAgent;
import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.TimeoutCoordinator;
import dev.domainagents.core.saga.SagaStates;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class SagaAdminRoutesTest {
    private static final String TOKEN = "saga-admin-secret";
    private static final String[] AUTHORIZED = {"Authorization", "Bearer " + TOKEN};

    /** A second kind of saga on the same flows: it counts the increments it saw. */
    static final class TallySaga extends CoordinatorAgent {
        record Tally(int seen) {
        }

        private final SagaStates<Tally> tallies = new SagaStates<>("tally", Tally.class);

        TallySaga(AgentRuntime runtime) {
            super("tally", runtime);
            when(Incremented.class, (event, context) -> tallies.load(context, event.counterId()).compose(known ->
                    tallies.save(context, event.counterId(), new Tally(known.map(Tally::seen).orElse(0) + 1), "COUNTED", false)));
        }
    }

    private static TestPlatform platform;
    private static HttpClientForTests http;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        platform.deploy(new CounterAgent(platform.runtime()));
        // No deadline scheduler: a deadline the saga sets stays pending, as the admin view must show it.
        platform.deploy(new TimeoutCoordinator(platform.runtime()));
        platform.deploy(new TallySaga(platform.runtime()));
        http = new HttpClientForTests(platform.serveHttp(List.of(), TOKEN));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void showsEverySagaOfTheFlowWithStateStepDeadlinesAndHistory() {
        increment("flow-1", 1);
        awaitSagaRows("flow-1", 2);

        Response response = http.get("/admin/sagas/flow-1", AUTHORIZED);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = response.json();
        assertThat(body.getString("correlationId")).isEqualTo("flow-1");
        JsonArray sagas = body.getJsonArray("sagas");
        assertThat(sagas).hasSize(2);
        JsonObject tally = sagas.getJsonObject(0);
        JsonObject waits = sagas.getJsonObject(1);
        assertThat(tally.getString("saga")).isEqualTo("tally");
        assertThat(tally.getJsonObject("state")).isEqualTo(new JsonObject().put("seen", 1));
        assertThat(waits.getString("saga")).isEqualTo("waits");
        assertThat(waits.getString("step")).isEqualTo("WAITING");
        assertThat(waits.getBoolean("completed")).isFalse();
        assertThat(waits.getJsonObject("state")).isEqualTo(new JsonObject().put("counterId", "flow-1").putNull("outcome"));
        Instant storedDue = platform.query("SELECT due_at FROM deadlines WHERE correlation_id = 'flow-1'").get(0)
                .getOffsetDateTime(0).toInstant();
        assertThat(waits.getJsonArray("deadlines")).containsExactly(
                new JsonObject().put("name", "patience").put("dueAt", storedDue.toString()));
        JsonObject step = waits.getJsonArray("history").getJsonObject(0);
        assertThat(waits.getJsonArray("history")).hasSize(1);
        assertThat(step.getString("step")).isEqualTo("WAITING");
        assertThat(step.getString("cause")).isEqualTo("counter.incremented");
        assertThat(Instant.parse(step.getString("at"))).isBefore(storedDue);
        assertThat(Instant.parse(waits.getString("createdAt"))).isBeforeOrEqualTo(Instant.parse(waits.getString("updatedAt")));
    }

    @Test
    void completedSagaShowsItsLastStepNoDeadlineAndTheWholeHistoryInOrder() {
        increment("flow-2", 1);
        awaitSagaRows("flow-2", 2);
        increment("flow-2", 100);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                platform.count("SELECT count(*) FROM sagas WHERE correlation_id = 'flow-2' AND saga = 'waits' AND completed") == 1
                        && platform.count("SELECT count(*) FROM saga_steps WHERE correlation_id = 'flow-2'") == 4);

        JsonObject waits = http.get("/admin/sagas/flow-2", AUTHORIZED).json().getJsonArray("sagas").getJsonObject(1);

        assertThat(waits.getString("step")).isEqualTo("DONE");
        assertThat(waits.getBoolean("completed")).isTrue();
        assertThat(waits.getJsonObject("state").getString("outcome")).isEqualTo("in-time");
        assertThat(waits.getJsonArray("deadlines")).isEmpty();
        assertThat(waits.getJsonArray("history").stream().map(taken -> ((JsonObject) taken).getString("step")))
                .containsExactly("WAITING", "DONE");
    }

    @Test
    void unknownCorrelationIdIsNotFoundInTheErrorShape() {
        Response response = http.get("/admin/sagas/never-started", AUTHORIZED);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json()).isEqualTo(new JsonObject().put("error", "not_found")
                .put("message", "no saga with correlation id never-started").put("details", new JsonArray()));
    }

    @Test
    void withoutTheAdminTokenTheSagaIsNotShown() {
        increment("flow-3", 1);
        awaitSagaRows("flow-3", 2);

        Response anonymous = http.get("/admin/sagas/flow-3");
        Response wrongToken = http.get("/admin/sagas/flow-3", "Authorization", "Bearer guess");

        for (Response refused : List.of(anonymous, wrongToken)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().getString("error")).isEqualTo("unauthorized");
            assertThat(refused.body()).doesNotContain("flow-3");
        }
    }

    private static void increment(String counter, int by) {
        await(Bus.request(platform.vertx(), Bus.command(counter, new Increment(counter, by))));
    }

    private static void awaitSagaRows(String correlationId, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                platform.count("SELECT count(*) FROM sagas WHERE correlation_id = '" + correlationId + "'") == count);
    }
}
