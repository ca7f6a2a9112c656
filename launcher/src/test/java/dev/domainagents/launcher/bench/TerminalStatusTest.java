package dev.domainagents.launcher.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalStatusTest {

    @Test
    void orderIsTerminalOnlyWhenConfirmedOrCancelled() {
        assertThat(TerminalStatus.ofOrder(new JsonObject().put("status", "CONFIRMED"))).contains("CONFIRMED");
        assertThat(TerminalStatus.ofOrder(new JsonObject().put("status", "CANCELLED"))).contains("CANCELLED");
        assertThat(TerminalStatus.ofOrder(new JsonObject().put("status", "PENDING"))).isEmpty();
        assertThat(TerminalStatus.ofOrder(new JsonObject())).isEmpty();
    }

    @Test
    void eventNamesItsTerminalStatusInItsDataItsTypeOrItsName() {
        assertThat(TerminalStatus.ofEvent(new SseDecoder.Event("message", "{\"status\":\"CONFIRMED\"}"))).contains("CONFIRMED");
        assertThat(TerminalStatus.ofEvent(new SseDecoder.Event("message", "{\"type\":\"order.cancelled\"}"))).contains("CANCELLED");
        assertThat(TerminalStatus.ofEvent(new SseDecoder.Event("order.confirmed", "{\"orderId\":\"o-1\"}"))).contains("CONFIRMED");
        assertThat(TerminalStatus.ofEvent(new SseDecoder.Event("message", "CANCELLED"))).contains("CANCELLED");
    }

    @Test
    void eventOfAnIntermediateStatusIsNotTerminal() {
        assertThat(TerminalStatus.ofEvent(new SseDecoder.Event("message", "{\"status\":\"PENDING\",\"type\":\"order.placed\"}"))).isEmpty();
        assertThat(TerminalStatus.ofEvent(new SseDecoder.Event("status", "not json {"))).isEmpty();
    }
}
