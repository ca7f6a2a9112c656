package dev.domainagents.core.message;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SentIdsTest {
    private static final UUID HANDLED = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void theSameHandlingSendsTheSameIdsAgain() {
        SentIds first = new SentIds("order-saga", HANDLED);
        SentIds again = new SentIds("order-saga", HANDLED);

        assertThat(again.next("stock.reserve", "o-1")).isEqualTo(first.next("stock.reserve", "o-1"));
        assertThat(again.next("stock.reserve", "o-1")).isEqualTo(first.next("stock.reserve", "o-1"));
    }

    @Test
    void anotherSenderMessageTargetOrRankGetsAnotherId() {
        UUID id = new SentIds("order-saga", HANDLED).next("stock.reserve", "o-1");

        assertThat(new SentIds("other-saga", HANDLED).next("stock.reserve", "o-1")).isNotEqualTo(id);
        assertThat(new SentIds("order-saga", UUID.randomUUID()).next("stock.reserve", "o-1")).isNotEqualTo(id);
        assertThat(new SentIds("order-saga", HANDLED).next("stock.release", "o-1")).isNotEqualTo(id);
        assertThat(new SentIds("order-saga", HANDLED).next("stock.reserve", "o-2")).isNotEqualTo(id);
        SentIds twice = new SentIds("order-saga", HANDLED);
        assertThat(twice.next("stock.reserve", "o-1")).isEqualTo(id);
        assertThat(twice.next("stock.reserve", "o-1")).isNotEqualTo(id);
    }
}
