package dev.domainagents.launcher;

import dev.domainagents.core.message.Json;
import dev.domainagents.core.message.MessageType;
import dev.domainagents.order.saga.PaymentContract;
import dev.domainagents.order.saga.StockContract;
import dev.domainagents.payment.api.PaymentCommand;
import dev.domainagents.payment.api.PaymentEvent;
import dev.domainagents.stock.api.ReservationEvent;
import dev.domainagents.stock.api.StockCommand;
import dev.domainagents.stock.api.StockLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order saga keeps its own records of the stock and payment messages it exchanges
 * (modules do not depend on each other). Each must carry the owner's wire name and read
 * and write the owner's JSON without losing a field.
 */
class ContractTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final BigDecimal AMOUNT = new BigDecimal("21.00");

    @Test
    void sagaViewsOfStockMessagesMatchTheStockModule() {
        List<StockLine> lines = List.of(new StockLine("A", 2));
        List<StockContract.StockLine> sagaLines = List.of(new StockContract.StockLine("A", 2));

        sameOnTheWire(new StockCommand.ReserveStock("o", lines, T), new StockContract.ReserveStock("o", sagaLines, T));
        sameOnTheWire(new StockCommand.ReleaseStock("o", lines, T), new StockContract.ReleaseStock("o", sagaLines, T));
        sameOnTheWire(new StockCommand.CommitStock("o", lines, T), new StockContract.CommitStock("o", sagaLines, T));
        sameOnTheWire(new ReservationEvent.ReservationAccepted("o", lines, T), new StockContract.ReservationAccepted("o", sagaLines, T));
        sameOnTheWire(new ReservationEvent.ReservationRejected("o", "out_of_stock", lines, T),
                new StockContract.ReservationRejected("o", "out_of_stock", sagaLines, T));
    }

    @Test
    void sagaViewsOfPaymentMessagesMatchThePaymentModule() {
        sameOnTheWire(new PaymentCommand.AuthorizePayment("o", AMOUNT, "card-ok", T),
                new PaymentContract.AuthorizePayment("o", AMOUNT, "card-ok", T));
        sameOnTheWire(new PaymentCommand.CapturePayment("o", T), new PaymentContract.CapturePayment("o", T));
        sameOnTheWire(new PaymentCommand.VoidPayment("o", T), new PaymentContract.VoidPayment("o", T));
        sameOnTheWire(new PaymentEvent.PaymentAuthorized("o", AMOUNT, "card-ok", T),
                new PaymentContract.PaymentAuthorized("o", AMOUNT, "card-ok", T));
        sameOnTheWire(new PaymentEvent.PaymentDeclined("o", AMOUNT, "card-declined", "card_declined", T),
                new PaymentContract.PaymentDeclined("o", AMOUNT, "card-declined", "card_declined", T));
        sameOnTheWire(new PaymentEvent.PaymentCaptured("o", AMOUNT, T), new PaymentContract.PaymentCaptured("o", AMOUNT, T));
        sameOnTheWire(new PaymentEvent.PaymentVoided("o", T, true), new PaymentContract.PaymentVoided("o", T, true));
    }

    private static void sameOnTheWire(Object owner, Object sagaView) {
        assertThat(MessageType.Of.name(sagaView.getClass())).isEqualTo(MessageType.Of.name(owner.getClass()));
        assertThat(Json.toJson(sagaView)).isEqualTo(Json.toJson(owner));
        assertThat(Json.convert(Json.toJson(owner), sagaView.getClass())).isEqualTo(sagaView);
        assertThat(Json.convert(Json.toJson(sagaView), owner.getClass())).isEqualTo(owner);
    }
}
