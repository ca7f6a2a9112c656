package dev.domainagents.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds out when a placed order becomes terminal, cheaply. First choice: its status-change
 * stream, {@code GET /orders/{id}/events}, read until an event names a terminal status (the
 * server ends the stream then). When the stream fails, or ends without a status the bench
 * recognises, or is still open at the deadline, {@code GET /orders/{id}} is polled with a
 * growing pause until the order is terminal or the deadline passes (one last look after it).
 * When the stream has failed {@value #EVENTS_GIVEN_UP_AFTER} times without ever working, the
 * platform is taken to serve no stream, and only polling is used from then on.
 *
 * <p>Confined to one context, as every call and callback of the order load.
 */
final class OrderWatch {
    /** An order seen terminal: its status, when ({@link System#nanoTime()}), and whether its stream told. */
    record Terminal(String status, long atNanos, boolean viaEvents) {
    }

    static final int EVENTS_GIVEN_UP_AFTER = 16;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);
    /** How long a stream may stay open after its terminal event before the bench cuts it. */
    private static final Duration END_OF_STREAM_GRACE = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final PlatformClient client;
    private int streamsWorked;
    private int streamsFailed;

    OrderWatch(Vertx vertx, PlatformClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /** The order's terminal status; fails with a {@link TimeoutException} if it is not terminal by {@code deadlineNanos}. */
    Future<Terminal> terminal(String orderId, long deadlineNanos) {
        if (streamsWorked == 0 && streamsFailed >= EVENTS_GIVEN_UP_AFTER) {
            return poll(orderId, deadlineNanos, FIRST_PAUSE);
        }
        return stream(orderId, deadlineNanos)
                .transform(read -> {
                    if (read.succeeded() && read.result().isPresent()) {
                        return Future.succeededFuture(read.result().get());
                    }
                    return poll(orderId, deadlineNanos, FIRST_PAUSE);
                });
    }

    private Future<Optional<Terminal>> stream(String orderId, long deadlineNanos) {
        return client.eventStream("/orders/" + orderId + "/events")
                .compose(request -> new EventStream(request).read(deadlineNanos))
                .onSuccess(read -> streamsWorked++)
                .onFailure(failure -> streamsFailed++);
    }

    private Future<Terminal> poll(String orderId, long deadlineNanos, Duration pause) {
        return client.terminalStatus(orderId)
                .recover(failure -> Future.succeededFuture(Optional.empty()))
                .compose(status -> {
                    if (status.isPresent()) {
                        return Future.succeededFuture(new Terminal(status.get(), System.nanoTime(), false));
                    }
                    if (System.nanoTime() + pause.toNanos() > deadlineNanos) {
                        return Future.failedFuture(new TimeoutException("order " + orderId + " is not terminal "
                                + OrderLoad.TERMINAL_TIMEOUT.toSeconds() + " s after it was placed"));
                    }
                    Duration next = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                    return vertx.timer(pause.toMillis(), TimeUnit.MILLISECONDS)
                            .compose(paused -> poll(orderId, deadlineNanos, next));
                });
    }

    /**
     * One order's stream: succeeds with the terminal status once an event names it, with nothing
     * if the stream ends first; fails on a status other than 200 or a broken connection. A stream
     * still open at the deadline, or {@link #END_OF_STREAM_GRACE} after its terminal event, is
     * reset, so a stream never holds a pooled connection for long.
     */
    private final class EventStream {
        private final HttpClientRequest request;
        private final Promise<Optional<Terminal>> outcome = Promise.promise();
        private final SseDecoder decoder = new SseDecoder();
        private long timer;

        EventStream(HttpClientRequest request) {
            this.request = request;
        }

        Future<Optional<Terminal>> read(long deadlineNanos) {
            cutAfter(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            request.send().onComplete(sent -> {
                if (sent.failed()) {
                    ended();
                    outcome.tryFail(sent.cause());
                } else if (sent.result().statusCode() != 200) {
                    refused(sent.result());
                } else {
                    follow(sent.result());
                }
            });
            return outcome.future();
        }

        private void follow(HttpClientResponse response) {
            response.handler(chunk -> decoder.feed(chunk).stream()
                    .map(TerminalStatus::ofEvent)
                    .flatMap(Optional::stream)
                    .findFirst()
                    .ifPresent(this::terminal));
            response.exceptionHandler(failure -> {
                ended();
                outcome.tryFail(failure);
            });
            response.endHandler(end -> {
                ended();
                outcome.tryComplete(Optional.empty());
            });
        }

        private void terminal(String status) {
            if (outcome.tryComplete(Optional.of(new Terminal(status, System.nanoTime(), true)))) {
                vertx.cancelTimer(timer);
                cutAfter(END_OF_STREAM_GRACE.toMillis());
            }
        }

        private void refused(HttpClientResponse response) {
            response.body().onComplete(body -> {
                ended();
                outcome.tryFail(new PlatformClient.UnexpectedAnswer("GET " + request.getURI(), response.statusCode(),
                        body.succeeded() ? body.result().toString() : ""));
            });
        }

        private void cutAfter(long millis) {
            timer = vertx.setTimer(millis, fired -> request.reset());
        }

        private void ended() {
            vertx.cancelTimer(timer);
        }
    }
}
