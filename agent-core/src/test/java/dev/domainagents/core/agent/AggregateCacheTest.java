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

class AggregateCacheTest {
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
    void cachedStateStillSeesWhatAnotherInstanceAppended() {
        CounterAgent first = new CounterAgent(platform.runtime());
        CounterAgent second = new CounterAgent(platform.runtime());
        platform.deploy(first);
        platform.deploy(second);

        for (int i = 1; i <= 10; i++) {
            CounterValue value = await(Bus.request(platform.vertx(), Bus.command("shared", new Increment("shared", 1))))
                    .payloadAs(CounterValue.class);
            assertThat(value.value()).isEqualTo(i);
        }

        assertThat(first.handlerRuns()).isPositive();
        assertThat(second.handlerRuns()).isPositive();
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(platform.runtime().metrics().count("retried", "counter")).isZero();
    }
}
