package dev.domainagents.core.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * One Server-Sent Events response: {@code 200 text/event-stream}, chunked, unbuffered by
 * proxies, with a comment every heartbeat ({@link #HEARTBEAT} at most) so an idle stream stays
 * open. When the client goes, or {@link #end} is called, the heartbeat stops and {@code onClose}
 * runs, once. Opened through {@link EventStreams}, which bounds how many and for how long.
 * Use it on the request's context.
 */
public final class ServerSentEvents {
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Runnable onClose;
    private final long heartbeat;
    private final java.util.List<Runnable> onEnd = new java.util.ArrayList<>();
    private boolean closed;

    private ServerSentEvents(Vertx vertx, HttpServerResponse response, Duration every, Runnable onClose) {
        this.vertx = vertx;
        this.response = response;
        this.onClose = onClose;
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(gone -> close());
        response.exceptionHandler(failure -> close());
        heartbeat = vertx.setPeriodic(every.toMillis(), id -> comment("heartbeat"));
    }

    static ServerSentEvents open(Vertx vertx, HttpServerResponse response, Duration heartbeat, Runnable onClose) {
        return new ServerSentEvents(vertx, response, heartbeat, onClose);
    }

    /** Runs {@code action} too when the stream closes, before {@code onClose}; at once if it is closed already. */
    public void onEnd(Runnable action) {
        if (closed) {
            action.run();
        } else {
            onEnd.add(action);
        }
    }

    /** An {@code event: name} with {@code data} as one line of JSON. */
    public void event(String name, JsonObject data) {
        write("event: " + name + "\ndata: " + data.encode() + "\n\n");
    }

    public void comment(String text) {
        write(": " + text + "\n\n");
    }

    /** Whether the client is behind: its write queue is full. */
    public boolean full() {
        return response.writeQueueFull();
    }

    /** Ends the stream from the server side. */
    public void end() {
        if (!closed) {
            response.end();
            close();
        }
    }

    private void write(String text) {
        if (!closed) {
            response.write(text);
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(heartbeat);
        onEnd.forEach(Runnable::run);
        onClose.run();
    }
}
