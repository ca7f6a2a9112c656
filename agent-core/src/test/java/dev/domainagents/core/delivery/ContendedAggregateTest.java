package dev.domainagents.core.delivery;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One aggregate's commands handled at once on two nodes: their appends race into version
 * conflicts, which are contention, not faults. Every command applies once and none is
 * dead-lettered, though the retry policy allows only 3 attempts.
 */
class ContendedAggregateTest {
    private final TestPlatform first = TestPlatform.start();
    private final TestPlatform second = first.anotherNode(TestPlatform.testConfig(), "second-node");

    @AfterEach
    void stop() {
        first.close();
    }

    @Test
    void commandsForOneAggregateOnTwoNodesAllApplyWithoutDeadLetters() {
        first.deploy(new CounterAgent(first.runtime()));
        second.deploy(new CounterAgent(second.runtime()));
        int perNode = 60;

        List<Future<?>> replies = new ArrayList<>();
        for (int i = 0; i < perNode; i++) {
            replies.add(Bus.request(first.vertx(), Bus.command("hot", new Increment("hot", 1))));
            replies.add(Bus.request(second.vertx(), Bus.command("hot", new Increment("hot", 1))));
        }
        await(Future.all(replies));

        assertThat(first.count("SELECT count(*) FROM events WHERE stream_id = 'counter-hot'")).isEqualTo(2L * perNode);
        assertThat(first.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(first.runtime().metrics().count("retried", "counter") + second.runtime().metrics().count("retried", "counter"))
                .as("the nodes did race").isPositive();
    }
}
