package dev.domainagents.core.chaos;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.CounterValue;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ChaosDeliveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private TestPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everySentOrPublishedMessageArrivesTwiceOnceAsAMarkedCopy() {
        platform = start(true, 0); // no delay: each copy is delivered right before its original
        List<Message<String>> sent = listen("chaos.sent");
        List<Message<String>> publishedToOne = listen("chaos.published");
        List<Message<String>> publishedToOther = listen("chaos.published");

        platform.vertx().eventBus().send("chaos.sent", "a");
        platform.vertx().eventBus().publish("chaos.published", "b");
        platform.vertx().eventBus().send("chaos.sent", "end");

        await().atMost(PATIENCE).until(() -> sent.size() >= 4 && publishedToOne.size() >= 2 && publishedToOther.size() >= 2);
        assertThat(sent).extracting(Message::body).containsExactly("a", "a", "end", "end");
        for (List<Message<String>> deliveries : List.of(sent.subList(0, 2), publishedToOne, publishedToOther)) {
            assertThat(deliveries).filteredOn(ChaosDeliveryTest::isCopy).hasSize(1);
        }
        assertThat(copiesCounted()).isEqualTo(3);
    }

    @Test
    void aRequestIsHandledTwiceAndAnsweredOnce() {
        platform = start(true, 0);
        List<Message<String>> requests = new CopyOnWriteArrayList<>();
        await(platform.vertx().eventBus().<String>consumer("chaos.echo", request -> {
            requests.add(request);
            request.reply("echo " + request.body());
        }).completion());

        Message<String> reply = await(platform.vertx().eventBus().request("chaos.echo", "ping"));

        assertThat(reply.body()).isEqualTo("echo ping");
        await().atMost(PATIENCE).until(() -> requests.size() == 2);
        assertThat(requests).filteredOn(ChaosDeliveryTest::isCopy).singleElement()
                .satisfies(copy -> assertThat(copy.replyAddress()).as("the copy expects no answer").isNull());
        assertThat(copiesCounted()).as("the request is copied, its reply is not").isEqualTo(1);
    }

    @Test
    void messagesSentWithinTheWindowOvertakeEachOtherAndEachArrivesOnce() {
        platform = start(false, 50);
        List<Message<String>> received = listen("chaos.reordered");
        List<String> inOrder = IntStream.range(0, 100).mapToObj(Integer::toString).toList();

        inOrder.forEach(body -> platform.vertx().eventBus().send("chaos.reordered", body));

        await().atMost(PATIENCE).until(() -> received.size() >= inOrder.size());
        List<String> arrived = received.stream().map(Message::body).toList();
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(inOrder).isNotEqualTo(inOrder);
        assertThat(copiesCounted()).isZero();
    }

    @Test
    void duplicatedAndReorderedCommandsChangeStateOncePerCommand() {
        platform = start(true, 20);
        CounterAgent counter = new CounterAgent(platform.runtime());
        platform.deploy(counter);

        List<CounterValue> replies = await(Future.all(IntStream.range(0, 30)
                .mapToObj(i -> Bus.request(platform.vertx(), Bus.command("chaotic", new Increment("chaotic", 1)))).toList()))
                .<Envelope>list().stream().map(reply -> reply.payloadAs(CounterValue.class)).toList();

        assertThat(replies).extracting(CounterValue::value).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(duplicatesAnswered("counter")).isEqualTo(30));
        assertThat(counter.handlerRuns()).isEqualTo(30);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'counter-chaotic'")).isEqualTo(30);
        assertThat(copiesCounted()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void theBusBehavesWhenChaosIsNotConfigured() {
        platform = TestPlatform.start();
        List<Message<String>> received = listen("chaos.off");

        platform.vertx().eventBus().send("chaos.off", "a");
        platform.vertx().eventBus().send("chaos.off", "b");

        await().atMost(PATIENCE).until(() -> received.size() >= 2);
        assertThat(received).extracting(Message::body).containsExactly("a", "b");
        assertThat(platform.runtime().metrics().registry().find("chaos.deliveries.duplicated").counter()).isNull();
    }

    @Test
    void aWindowOutOfRangeIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ChaosSettings.fromJson(chaos(false, -1))).hasMessageContaining("chaos.reorderWindowMs");
        assertThatThrownBy(() -> ChaosSettings.fromJson(chaos(false, 60_000))).hasMessageContaining("chaos.reorderWindowMs");
        assertThat(ChaosSettings.fromJson(new JsonObject())).isEqualTo(ChaosSettings.OFF);
        assertThat(ChaosSettings.OFF.enabled()).isFalse();
    }

    private static TestPlatform start(boolean duplicate, long windowMs) {
        return TestPlatform.start(TestPlatform.testConfig().mergeIn(chaos(duplicate, windowMs)), List.of());
    }

    private static JsonObject chaos(boolean duplicate, long windowMs) {
        return new JsonObject().put("chaos", new JsonObject().put("duplicateDelivery", duplicate).put("reorderWindowMs", windowMs));
    }

    private List<Message<String>> listen(String address) {
        List<Message<String>> received = new CopyOnWriteArrayList<>();
        await(platform.vertx().eventBus().<String>consumer(address, received::add).completion());
        return received;
    }

    private static boolean isCopy(Message<?> message) {
        return message.headers().contains(ChaosDelivery.COPY_HEADER);
    }

    private double copiesCounted() {
        return platform.runtime().metrics().registry().counter("chaos.deliveries.duplicated").count();
    }

    private double duplicatesAnswered(String agent) {
        return platform.runtime().metrics().count("duplicate", agent);
    }
}
