package dev.domainagents.core.message;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus codec for {@link Envelope}: JSON on the wire between nodes, the same
 * immutable instance within a JVM (no copy, no serialisation on the local hot path).
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {
    private static final String NAME = "domain-agents-envelope";

    /** Registers the codec as the default for envelopes, once per Vert.x instance. */
    public static void registerOn(EventBus bus) {
        bus.registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    }

    @Override
    public void encodeToWire(Buffer buffer, Envelope envelope) {
        Buffer json = envelope.toJson().toBuffer();
        buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public Envelope decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        return Envelope.fromJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
    }

    @Override
    public Envelope transform(Envelope envelope) {
        return envelope;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
