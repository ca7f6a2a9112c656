package dev.domainagents.order;

import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.order.api.OrderCommand.CancelOrder;
import dev.domainagents.order.api.OrderCommand.ConfirmOrder;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.api.OrderLine;
import dev.domainagents.order.api.OrderSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class OrderAgentTest {
    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        platform.deploy(new OrderAgent(platform.runtime()));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void placedOrderEndsOnceEvenWhenAskedToEndTwice() {
        send("o-1", new PlaceOrder("o-1", "c-42", List.of(new OrderLine("SKU-1", 2, new BigDecimal("10.50"))), "card-ok", Instant.now()));
        OrderSummary confirmed = send("o-1", new ConfirmOrder("o-1", Instant.now()));
        OrderSummary cancelledLate = send("o-1", new CancelOrder("o-1", "timeout", Instant.now()));

        assertThat(confirmed.status()).isEqualTo("CONFIRMED");
        assertThat(cancelledLate.status()).isEqualTo("CONFIRMED");
        assertThat(platform.query("SELECT type FROM events WHERE stream_id = 'order-o-1' ORDER BY version"))
                .extracting(row -> row.getString(0)).containsExactly("order.placed", "order.confirmed");
        assertThat(platform.query("SELECT payload->>'total' FROM events WHERE type = 'order.placed'").get(0).getString(0))
                .isEqualTo("21.00");
    }

    private static OrderSummary send(String orderId, Object command) {
        Envelope envelope = Envelope.of(MessageKind.COMMAND, orderId, orderId, command, Instant.now());
        return await(platform.vertx().eventBus().<Envelope>request(Addresses.command(envelope.type()), envelope))
                .body().payloadAs(OrderSummary.class);
    }
}
