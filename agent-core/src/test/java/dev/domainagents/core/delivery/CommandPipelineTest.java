package dev.domainagents.core.delivery;

import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.DeadLetterWatcher;
import dev.domainagents.core.fixtures.CounterMessages.CounterValue;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.fixtures.CounterMessages.IncrementFlaky;
import dev.domainagents.core.fixtures.CounterMessages.IncrementInvalid;
import dev.domainagents.core.fixtures.CounterMessages.IncrementNever;
import dev.domainagents.core.fixtures.CounterMessages.IncrementWhileFailing;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

class CommandPipelineTest {
    private TestPlatform platform;
    private CounterAgent counter;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        counter = new CounterAgent(platform.runtime());
        platform.deploy(counter);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void duplicateDeliveryChangesStateOnceAndGetsTheSameReply() {
        Envelope command = Bus.command("dup", new Increment("dup", 5));

        Envelope first = await(Bus.request(platform.vertx(), command));
        Envelope second = await(Bus.request(platform.vertx(), command));

        assertThat(first.payloadAs(CounterValue.class)).isEqualTo(new CounterValue("dup", 5));
        assertThat(second.payloadAs(CounterValue.class)).isEqualTo(first.payloadAs(CounterValue.class));
        assertThat(second.headers()).containsEntry(ExecutionAgent.DUPLICATE_HEADER, "true");
        assertThat(counter.handlerRuns()).isEqualTo(1);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-dup'")).isEqualTo(1);
        assertThat(platform.runtime().metrics().count("duplicate", "counter")).isEqualTo(1);
    }

    @Test
    void duplicatesDeliveredConcurrentlyStillChangeStateOnce() {
        Envelope command = Bus.command("dup-concurrent", new Increment("dup-concurrent", 1));

        List<Envelope> replies = await(Future.all(IntStream.range(0, 10)
                .mapToObj(i -> Bus.request(platform.vertx(), command)).toList())).list();

        assertThat(replies).extracting(r -> r.payloadAs(CounterValue.class).value()).containsOnly(1);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-dup-concurrent'")).isEqualTo(1);
        assertThat(platform.runtime().metrics().count("duplicate", "counter")).as("every delivery but the first").isEqualTo(9);
    }

    @Test
    void instancesRacingOnOneAggregateLoseNoCommandToTheirConflicts() {
        platform.deploy(new CounterAgent(platform.runtime())); // a second instance: the bus hands commands to either

        await(Future.all(IntStream.range(0, 100)
                .mapToObj(i -> Bus.request(platform.vertx(), Bus.command("raced", new Increment("raced", 1)))).toList()));

        assertThat(platform.query("SELECT max(version) FROM events WHERE stream_id = 'counter-raced'").get(0).getLong(0)).isEqualTo(100);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void aWriteAfterTheHandlerFailedIsNotMadeOutsideItsTransaction() {
        IntStream.range(0, 4).forEach(i -> await(Bus.request(platform.vertx(), Bus.command("late", new Increment("late", 1)))));

        awaitFailure(Bus.request(platform.vertx(), Bus.command("late", new IncrementWhileFailing("late"))));

        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-late'"))
                .as("the append sent after the handler failed").isEqualTo(4);
        assertThat(platform.count("SELECT count(*) FROM snapshots WHERE stream_id = 'counter-late'"))
                .as("the snapshot its fifth event would have taken").isZero();
    }

    @Test
    void concurrentCommandsForOneAggregateAllApplyInTurn() {
        await(Future.all(IntStream.range(0, 50)
                .mapToObj(i -> Bus.request(platform.vertx(), Bus.command("busy", new Increment("busy", 1)))).toList()));

        assertThat(platform.query("SELECT max(version) FROM events WHERE stream_id = 'counter-busy'").get(0).getLong(0)).isEqualTo(50);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void concurrentCommandsShareTransactionsAndEachStillAppliesOnce() {
        await(Future.all(IntStream.range(0, 200)
                .mapToObj(i -> Bus.request(platform.vertx(), Bus.command("shared-" + i, new Increment("shared-" + i, 1)))).toList()));

        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id LIKE 'counter-shared-%'")).isEqualTo(200);
        assertThat(platform.count("SELECT count(*) FROM inbox WHERE consumer = 'counter'")).isEqualTo(200);
        assertThat(platform.count("SELECT count(DISTINCT tx_id) FROM events WHERE stream_id LIKE 'counter-shared-%'"))
                .as("transactions that committed the 200 commands").isLessThan(100);
    }

    @Test
    void aFailingCommandInASharedTransactionDoesNotUndoTheOthers() {
        List<Future<Envelope>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(Bus.request(platform.vertx(), Bus.command("mixed-" + i, new Increment("mixed-" + i, 1))));
            if (i == 20) {
                sent.add(Bus.request(platform.vertx(), Bus.command("mixed-bad", new IncrementInvalid("mixed-bad"))));
            }
        }
        await(Future.join(sent).transform(allDone -> Future.succeededFuture()));

        assertThat(sent.stream().filter(Future::failed)).hasSize(1);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id LIKE 'counter-mixed-%'")).isEqualTo(40);
        assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE message_type = 'counter.increment-invalid'")).isEqualTo(1);
    }

    @Test
    void handlerFailingTransientlySucceedsOnRetry() {
        Envelope reply = await(Bus.request(platform.vertx(), Bus.command("flaky", new IncrementFlaky("flaky", 2))));

        assertThat(reply.payloadAs(CounterValue.class).value()).isEqualTo(1);
        assertThat(platform.runtime().metrics().count("retried", "counter")).isEqualTo(2);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void handlerFailingAlwaysEndsInTheDeadLettersWithItsErrorAfterTheConfiguredAttempts() {
        Envelope command = Bus.command("never", new IncrementNever("never"));

        Throwable failure = awaitFailure(Bus.request(platform.vertx(), command));

        assertThat(failure).isInstanceOfSatisfying(ReplyException.class,
                reply -> assertThat(reply.failureCode()).isEqualTo(Failures.DEAD_LETTERED));
        Row letter = platform.query("SELECT consumer, message_id, attempts, error, status, address FROM dead_letters").get(0);
        assertThat(letter.getString("consumer")).isEqualTo("counter");
        assertThat(letter.getUUID("message_id")).isEqualTo(command.messageId());
        assertThat(letter.getInteger("attempts")).isEqualTo(3);
        assertThat(letter.getString("error")).contains("always down");
        assertThat(letter.getString("address")).isEqualTo("command.counter.increment-never");
        assertThat(platform.query("SELECT reply FROM inbox").get(0).getJsonObject(0)).as("only the burial is recorded")
                .isEqualTo(Inbox.DEAD_LETTERED);
    }

    /** The rule for commands (DESIGN.md): a later command waits its turn behind a failing one, never behind its burial. */
    @Test
    void aLaterCommandOfTheAggregateIsHandledAfterTheDeadOneIsBuriedNotHeldBehindIt() {
        List<String> outcomes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Future<Envelope> dead = Bus.request(platform.vertx(), Bus.command("held", new IncrementNever("held")))
                .onComplete(done -> outcomes.add(done.succeeded() ? "never handled" : "never dead"));
        Future<Envelope> later = Bus.request(platform.vertx(), Bus.command("held", new Increment("held", 2)))
                .onComplete(done -> outcomes.add(done.succeeded() ? "increment handled" : "increment failed"));

        assertThat(Failures.isDeadLettered(awaitFailure(dead))).isTrue();
        assertThat(await(later).payloadAs(CounterValue.class)).isEqualTo(new CounterValue("held", 2));
        assertThat(outcomes).as("in arrival order: the later one did not overtake the one being retried")
                .containsExactly("never dead", "increment handled");
        assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE status = 'DEAD'")).isEqualTo(1);
        assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE status <> 'DEAD'")).as("no command parked").isZero();
    }

    /** The sender is the outbox, as a saga sends: the burial is its answer, and the failure an event its coordinator reads. */
    @Test
    void aBuriedCommandIsAFailureItsSenderLearnsOfFromAnEvent() {
        platform.deploy(new DeadLetterWatcher(platform.runtime()));
        Envelope command = Bus.command("doomed", new IncrementNever("doomed"));

        await(Tx.run(platform.pool(), tx -> platform.runtime().outbox().add(tx, Addresses.command(command.type()), command)));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-doomed-learned'") == 1);
        Row event = platform.query("SELECT stream_id, payload, metadata FROM events WHERE type = 'command.dead-lettered'").get(0);
        long letter = platform.query("SELECT id FROM dead_letters").get(0).getLong(0);
        assertThat(event.getString("stream_id")).isEqualTo("dead-letter-" + letter);
        CommandDeadLettered buried = dev.domainagents.core.message.Json.convert(event.getJsonObject("payload"),
                CommandDeadLettered.class);
        assertThat(buried).isEqualTo(new CommandDeadLettered(command.messageId(), "counter.increment-never", "doomed", "doomed",
                "counter", buried.error(), false, 3));
        assertThat(buried.error()).contains("always down");
        assertThat(event.getJsonObject("metadata").getString("correlationId")).isEqualTo("doomed");
        assertThat(event.getJsonObject("metadata").getString("causationId")).isEqualTo(command.messageId().toString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM outbox") == 0);
    }

    @Test
    void permanentFailureGoesToTheDeadLettersAtOnce() {
        awaitFailure(Bus.request(platform.vertx(), Bus.command("invalid", new IncrementInvalid("invalid"))));

        Row letter = platform.query("SELECT attempts, error FROM dead_letters").get(0);
        assertThat(letter.getInteger("attempts")).isEqualTo(1);
        assertThat(letter.getString("error")).contains("PermanentFailure", "counter id is invalid");
        assertThat(platform.query("SELECT payload FROM events WHERE type = 'command.dead-lettered'").get(0).getJsonObject(0)
                .getBoolean("permanent")).as("the sender can tell that sending it again is pointless").isTrue();
    }

    @Test
    void redrivenDeadCommandIsDeliveredAgainThroughTheOutbox() {
        awaitFailure(Bus.request(platform.vertx(), Bus.command("revived", new IncrementFlaky("revived", 4))));
        long id = platform.query("SELECT id FROM dead_letters").get(0).getLong(0);

        await(platform.runtime().deadLetters().redrive(id));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-revived'") == 1
                        && platform.count("SELECT count(*) FROM outbox") == 0);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(platform.count("SELECT count(*) FROM dead_letter_audit WHERE action = 'REDRIVE'")).isEqualTo(1);
    }

    /** A sender that stopped waiting resends; the copy must not be handled behind the dead letter's back. */
    @Test
    void aCopyArrivingAfterTheBurialIsAnsweredDeadLetteredUntilRedriven() {
        Envelope command = Bus.command("late-copy", new IncrementFlaky("late-copy", 3));
        awaitFailure(Bus.request(platform.vertx(), command));
        double retriedBefore = platform.runtime().metrics().count("retried", "counter");

        Throwable copy = awaitFailure(Bus.request(platform.vertx(), command));

        assertThat(Failures.isDeadLettered(copy)).as("the copy is answered dead-lettered: " + copy).isTrue();
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-late-copy'"))
                .as("the copy would have succeeded, its handler fails only the first 3 deliveries").isZero();
        assertThat(platform.runtime().metrics().count("retried", "counter")).as("the copy is not retried").isEqualTo(retriedBefore);

        await(platform.runtime().deadLetters().redrive(platform.query("SELECT id FROM dead_letters").get(0).getLong(0)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-late-copy'") == 1);
    }

    @Test
    void discardedDeadCommandIsGoneButAudited() {
        awaitFailure(Bus.request(platform.vertx(), Bus.command("dropped", new IncrementNever("dropped"))));
        long id = platform.query("SELECT id FROM dead_letters").get(0).getLong(0);

        assertThat(await(platform.runtime().deadLetters().discard(id))).isPresent();

        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(platform.count("SELECT count(*) FROM dead_letter_audit WHERE action = 'DISCARD' AND dead_letter_id = " + id)).isEqualTo(1);
        assertThat(await(platform.runtime().deadLetters().discard(id))).isEmpty();
    }

    @Test
    void commandWithAReplyDeadlineIsNotRetriedPastItNorDeadLettered() {
        Envelope command = Bus.command("impatient", new IncrementNever("impatient"));

        // the test policy's first retry waits about 10 ms: past a 5 ms deadline
        Throwable failure = awaitFailure(Bus.request(platform.vertx(), command, Duration.ofMillis(5)));

        assertThat(failure).isInstanceOfSatisfying(ReplyException.class,
                reply -> assertThat(reply.failureCode()).isNotEqualTo(Failures.DEAD_LETTERED));
        assertThat(platform.runtime().metrics().count("retried", "counter")).isZero();
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(platform.count("SELECT count(*) FROM inbox")).isZero();
    }

    @Test
    void commandWhoseReplyDeadlinePassedWhileItWaitedItsTurnIsNeverHandled() {
        List<Future<Envelope>> before = IntStream.range(0, 30)
                .mapToObj(i -> Bus.request(platform.vertx(), Bus.command("queue", new Increment("queue", 1)))).toList();
        Future<Envelope> late = Bus.request(platform.vertx(), Bus.command("queue", new Increment("queue", 100)), Duration.ofMillis(1));

        await(Future.all(before));
        awaitFailure(late);

        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-queue'")).isEqualTo(30);
        assertThat(counter.handlerRuns()).isEqualTo(30);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void commandWithAReplyDeadlineStillRetriesWithinIt() {
        Envelope reply = await(Bus.request(platform.vertx(), Bus.command("patient", new IncrementFlaky("patient", 2)),
                Duration.ofSeconds(5)));

        assertThat(reply.payloadAs(CounterValue.class).value()).isEqualTo(1);
        assertThat(platform.runtime().metrics().count("retried", "counter")).isEqualTo(2);
    }
}
