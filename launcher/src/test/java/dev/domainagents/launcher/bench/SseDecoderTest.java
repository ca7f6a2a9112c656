package dev.domainagents.launcher.bench;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseDecoderTest {
    private final SseDecoder decoder = new SseDecoder();

    @Test
    void eventEndsAtABlankLineWithItsNameAndDataLinesJoined() {
        List<SseDecoder.Event> events = decoder.feed(Buffer.buffer("event: status\ndata: {\"a\":1,\ndata: \"b\":2}\n\n"));

        assertThat(events).containsExactly(new SseDecoder.Event("status", "{\"a\":1,\n\"b\":2}"));
    }

    @Test
    void linesSplitAcrossChunksEvenInsideACharacterAreJoined() {
        byte[] stream = "data: CONFIRMED é\r\n\r\ndata: next\r\r".getBytes(StandardCharsets.UTF_8);
        List<SseDecoder.Event> events = new ArrayList<>();
        for (byte b : stream) {
            events.addAll(decoder.feed(Buffer.buffer(new byte[] {b})));
        }

        assertThat(events).containsExactly(new SseDecoder.Event("message", "CONFIRMED é"), new SseDecoder.Event("message", "next"));
    }

    @Test
    void commentsAndUnknownFieldsAreSkippedAndAnUnfinishedEventWaits() {
        assertThat(decoder.feed(Buffer.buffer(": keep-alive\n\nid: 7\nretry: 100\n\ndata: PENDING\n"))).isEmpty();

        assertThat(decoder.feed(Buffer.buffer("\n"))).containsExactly(new SseDecoder.Event("message", "PENDING"));
    }
}
