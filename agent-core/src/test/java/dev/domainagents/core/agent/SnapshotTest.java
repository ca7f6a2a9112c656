package dev.domainagents.core.agent;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.CounterValue;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The counter fixture snapshots every 5 events; a fresh agent instance has no cache and must read. */
class SnapshotTest {
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
    void snapshotIsWrittenWithTheEventsThatCrossTheIntervalAndAColdReadStartsFromIt() {
        String first = platform.deploy(new CounterAgent(platform.runtime()));
        for (int i = 0; i < 12; i++) {
            increment();
        }
        assertThat(platform.query("SELECT version, state::text FROM snapshots WHERE stream_id = 'counter-snap'"))
                .extracting(row -> row.getLong(0) + "=" + row.getString(1)).containsExactly("10=10");

        // a snapshot saying 100 at version 10: a cold read that uses it answers 100 + 2 + 1
        platform.query("UPDATE snapshots SET state = '100' WHERE stream_id = 'counter-snap'");
        platform.undeploy(first);
        String second = platform.deploy(new CounterAgent(platform.runtime()));

        assertThat(increment()).isEqualTo(103);
        platform.undeploy(second);
    }

    @Test
    void unreadableSnapshotIsIgnoredAndTheStreamFoldedWhole() {
        String first = platform.deploy(new CounterAgent(platform.runtime()));
        for (int i = 0; i < 6; i++) {
            increment();
        }
        platform.query("UPDATE snapshots SET state = '\"not a number\"' WHERE stream_id = 'counter-snap'");
        platform.undeploy(first);
        platform.deploy(new CounterAgent(platform.runtime()));

        assertThat(increment()).isEqualTo(7);
    }

    private int increment() {
        return await(Bus.request(platform.vertx(), Bus.command("snap", new Increment("snap", 1)))).payloadAs(CounterValue.class).value();
    }
}
