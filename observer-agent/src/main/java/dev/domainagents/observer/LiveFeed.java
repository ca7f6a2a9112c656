package dev.domainagents.observer;

import dev.domainagents.core.http.EventStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /admin/feed}: the live feed of domain events as Server-Sent Events, one
 * {@link FeedStream} per client, behind the admin guard. Clients connected now are the
 * gauge {@code observer_feed_clients}.
 */
final class LiveFeed {
    private final Vertx vertx;
    private final EventStreams streams;
    private final AtomicInteger clients = new AtomicInteger();

    LiveFeed(Vertx vertx, EventStreams streams, MeterRegistry registry) {
        this.vertx = vertx;
        this.streams = streams;
        Gauge.builder("observer.feed.clients", clients, AtomicInteger::get)
                .description("clients connected to the live feed of domain events")
                .strongReference(true)
                .register(registry);
    }

    void mount(Router router) {
        router.get("/admin/feed").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        streams.open(ctx, clients::decrementAndGet).ifPresent(stream -> {
            clients.incrementAndGet();
            new FeedStream(vertx, stream).open();
        });
    }
}
