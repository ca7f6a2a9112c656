package dev.domainagents.stock;

import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.stock.api.ReservationSummary;
import dev.domainagents.stock.api.StockCommand.CommitStock;
import dev.domainagents.stock.api.StockCommand.ReleaseStock;
import dev.domainagents.stock.api.StockCommand.ReserveStock;
import dev.domainagents.stock.api.StockCommand.SetStock;
import dev.domainagents.stock.api.StockLevel;
import dev.domainagents.stock.api.StockLine;
import dev.domainagents.stock.domain.Stock;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class StockReservationTest {
    private TestPlatform platform;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        platform.deploy(new StockAgent(platform.runtime()));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void manyConcurrentOrdersForFewUnitsNeverOversell() {
        set("HOT", 50);

        List<ReservationSummary> replies = await(Future.all(IntStream.range(0, 200)
                .mapToObj(i -> sendAsync("o-" + i, new ReserveStock("o-" + i, List.of(new StockLine("HOT", 1)), Instant.now()),
                        ReservationSummary.class))
                .toList())).list();

        assertThat(replies).filteredOn(reply -> reply.status().equals("RESERVED")).hasSize(50);
        assertThat(replies).filteredOn(reply -> reply.status().equals("REJECTED")).hasSize(150);
        assertThat(stock("HOT")).isEqualTo(new Stock("HOT", true, 0, 50));
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void orderIsReservedOnAllItsSkusOrNone() {
        set("A", 5);
        set("B", 1);

        ReservationSummary rejected = send("o-1", new ReserveStock("o-1",
                List.of(new StockLine("A", 2), new StockLine("B", 2)), Instant.now()), ReservationSummary.class);
        ReservationSummary accepted = send("o-2", new ReserveStock("o-2",
                List.of(new StockLine("A", 2), new StockLine("B", 1)), Instant.now()), ReservationSummary.class);

        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(rejected.shortages()).containsExactly(new StockLine("B", 2));
        assertThat(accepted.status()).isEqualTo("RESERVED");
        assertThat(stock("A")).isEqualTo(new Stock("A", true, 3, 2));
        assertThat(stock("B")).isEqualTo(new Stock("B", true, 0, 1));
    }

    @Test
    void commitSellsTheReservedUnitsAndReleaseGivesThemBack() {
        set("C", 10);
        List<StockLine> lines = List.of(new StockLine("C", 4));
        send("sold", new ReserveStock("sold", lines, Instant.now()), ReservationSummary.class);
        send("undone", new ReserveStock("undone", lines, Instant.now()), ReservationSummary.class);

        send("sold", new CommitStock("sold", lines, Instant.now()), ReservationSummary.class);
        send("undone", new ReleaseStock("undone", lines, Instant.now()), ReservationSummary.class);
        send("undone", new ReleaseStock("undone", lines, Instant.now()), ReservationSummary.class);

        assertThat(stock("C")).isEqualTo(new Stock("C", true, 6, 0));
    }

    @Test
    void releaseThatOvertakesItsReservationLeavesNothingHeld() {
        set("D", 3);
        List<StockLine> lines = List.of(new StockLine("D", 1));

        send("late", new ReleaseStock("late", lines, Instant.now()), ReservationSummary.class);
        ReservationSummary late = send("late", new ReserveStock("late", lines, Instant.now()), ReservationSummary.class);

        assertThat(late.status()).isEqualTo("RELEASED");
        assertThat(stock("D")).isEqualTo(new Stock("D", true, 3, 0));
    }

    private void set(String sku, int available) {
        send(StockAgent.streamOf(sku), new SetStock(sku, available, Instant.now()), StockLevel.class);
    }

    private Stock stock(String sku) {
        return StockAgent.STOCK.replay(await(platform.runtime().events().readStream(platform.pool(), StockAgent.streamOf(sku), 0)));
    }

    private <R> R send(String aggregateId, Object command, Class<R> reply) {
        return await(sendAsync(aggregateId, command, reply));
    }

    private <R> Future<R> sendAsync(String aggregateId, Object command, Class<R> reply) {
        Envelope envelope = Envelope.of(MessageKind.COMMAND, aggregateId, aggregateId, command, Instant.now());
        return platform.vertx().eventBus().<Envelope>request(Addresses.command(envelope.type()), envelope)
                .map(message -> message.body().payloadAs(reply));
    }
}
