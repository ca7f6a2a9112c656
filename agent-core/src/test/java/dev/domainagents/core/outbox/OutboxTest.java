package dev.domainagents.core.outbox;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.fixtures.CounterMessages.IncrementCutOff;
import dev.domainagents.core.fixtures.EchoCoordinator;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.store.Subscription;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboxTest {
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
    void commandWhoseReceiverIsNotYetDeployedIsDeliveredOnceItComesUp() {
        Envelope command = Bus.command("late", new Increment("late", 1));
        await(Tx.run(platform.pool(), tx -> platform.runtime().outbox().add(tx, Addresses.command(Increment.class), command)));

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT max(attempts) FROM outbox") >= 2);
        platform.deploy(new CounterAgent(platform.runtime()));

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM outbox") == 0);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-late'")).isEqualTo(1);
    }

    @Test
    void commandWhoseConnectionTheDatabaseDropsMoreTimesThanItsAttemptsIsResentUntilItLandsNotBuried() {
        platform.deploy(new CounterAgent(platform.runtime()));
        Envelope command = Bus.command("cut", new IncrementCutOff("cut", 5)); // the test policy gives 3 attempts a delivery

        await(Tx.run(platform.pool(), tx -> platform.runtime().outbox().add(tx, Addresses.command(IncrementCutOff.class), command)));

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM outbox") == 0);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-cut'")).isEqualTo(1);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void commandAddedInARolledBackTransactionIsNeverSent() {
        platform.deploy(new CounterAgent(platform.runtime()));
        Envelope command = Bus.command("ghost", new Increment("ghost", 1));

        TestPlatform.awaitFailure(Tx.run(platform.pool(), tx -> platform.runtime().outbox()
                .add(tx, Addresses.command(Increment.class), command)
                .compose(added -> tx.connection().query("SELECT 1/0").execute())));
        await(Bus.request(platform.vertx(), Bus.command("marker", new Increment("marker", 1))));

        assertThat(platform.count("SELECT count(*) FROM outbox")).isZero();
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-ghost'")).isZero();
    }

    @Test
    void coordinatorSendsExactlyOneCommandPerEventItReactsTo() {
        platform.deploy(new CounterAgent(platform.runtime()));
        platform.deploy(new EchoCoordinator(platform.runtime()));

        await(io.vertx.core.Future.all(IntStream.range(0, 20)
                .mapToObj(i -> Bus.request(platform.vertx(), Bus.command("c" + i, new Increment("c" + i, i)))).toList()));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id LIKE '%-echo'") == 20
                        && platform.count("SELECT count(*) FROM outbox") == 0);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id LIKE 'counter-c%-echo' AND version > 1")).isZero();
        assertThat(platform.query("SELECT count(*), sum((payload->>'by')::int) FROM events WHERE stream_id LIKE '%-echo'").get(0).getLong(1))
                .isEqualTo(IntStream.range(0, 20).sum());
    }

    @Test
    void eventHandledAgainSendsCommandsItsReceiverRecognises() {
        CounterAgent counters = new CounterAgent(platform.runtime());
        platform.deploy(counters);
        platform.deploy(new EchoCoordinator(platform.runtime()));
        await(Bus.request(platform.vertx(), Bus.command("again", new Increment("again", 3))));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-again-echo'") == 1
                        && platform.count("SELECT count(*) FROM outbox") == 0);
        long handledPosition = platform.count("SELECT position FROM checkpoints WHERE subscription = 'echo'");

        // the coordinator reads its events once more, as after a checkpoint lost or a re-read
        await(Tx.run(platform.pool(), tx -> Subscription.rewind(tx, "echo")));
        await(Bus.request(platform.vertx(), Bus.command("marker", new Increment("marker-echo", 1)))); // wakes the subscription

        await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT position FROM checkpoints WHERE subscription = 'echo'") >= handledPosition
                        && platform.count("SELECT count(*) FROM outbox") == 0);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-again-echo'")).isEqualTo(1);
        assertThat(counters.handlerRuns()).isEqualTo(3); // again, its echo once, the marker
        assertThat(platform.runtime().metrics().count("duplicate", "counter")).isGreaterThanOrEqualTo(1);
    }
}
