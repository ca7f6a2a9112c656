package dev.domainagents.core.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * One Server-Sent Events response: {@code 200 text/event-stream}, chunked, unbuffered by
 * proxies, with a comment every {@link #HEARTBEAT} so an idle stream stays open. When the
 * client goes, or {@link #end} is called, the heartbeat stops and {@code onClose} runs, once.
 * Use it on the request's context.
 */
public final class ServerSentEvents {
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Runnable onClose;
    private final long heartbeat;
    private boolean closed;

    private ServerSentEvents(Vertx vertx, HttpServerResponse response, Runnable onClose) {
        this.vertx = vertx;
        this.response = response;
        this.onClose = onClose;
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(gone -> close());
        response.exceptionHandler(failure -> close());
        heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> comment("heartbeat"));
    }

    public static ServerSentEvents open(Vertx vertx, HttpServerResponse response, Runnable onClose) {
        return new ServerSentEvents(vertx, response, onClose);
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
        onClose.run();
    }
}
