package dev.domainagents.core.chaos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes a node's event bus as unreliable as the delivery guarantees allow, so that a test can show
 * they hold: with {@link ChaosSettings#duplicateDelivery()} every message sent or published is
 * delivered twice, and with a {@link ChaosSettings#reorderWindow()} every message and copy is held
 * back a random time within it, so the copy may come first and messages sent close together
 * overtake each other.
 * For tests and chaos runs only; {@link #installOn} does nothing unless the settings ask for it.
 *
 * <p>One outbound interceptor does it all, because Vert.x hands each delivery to a consumer only
 * once (an inbound {@link DeliveryContext} cannot be delivered twice): the interceptor holds the
 * original back for its random delay and sends a copy of its own, marked with {@link #COPY_HEADER}
 * so it is not copied again, after another. A copy is addressed like its original: a copy of a
 * published message reaches every consumer again; a copy of a sent one goes to whichever consumer
 * the bus picks (another instance or node, perhaps), as a resend would. The copy of a request
 * carries no reply address: the receiver handles it as a second delivery, and its answer goes
 * nowhere, as the answer to a resent command whose first reply already came would.
 *
 * <p>Replies are delayed but never copied: a reply goes to the requester's one-shot reply handler,
 * which Vert.x drops after the first answer, so a copy would exercise Vert.x, not the platform.
 * Nothing is lost on purpose, except what is still held back when its sender is undeployed.
 */
public final class ChaosDelivery implements Handler<DeliveryContext<Object>> {
    /** Header on the copy of a message. */
    public static final String COPY_HEADER = "chaos-copy";
    /** How Vert.x names the addresses of reply handlers (both its local and its clustered bus). */
    private static final String REPLY_ADDRESS_PREFIX = "__vertx.reply.";
    private static final Logger LOG = LoggerFactory.getLogger(ChaosDelivery.class);

    private final Vertx vertx;
    private final ChaosSettings settings;
    private final Counter copies;

    private ChaosDelivery(Vertx vertx, ChaosSettings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.copies = Counter.builder("chaos.deliveries.duplicated")
                .description("messages the chaos switch delivered twice (a chaos run only)").register(registry);
    }

    /**
     * Puts chaos on {@code vertx}'s event bus if {@code settings} ask for it, before anything is
     * deployed, and says so loudly; counts the copies in {@code chaos_deliveries_duplicated_total}.
     */
    public static void installOn(Vertx vertx, ChaosSettings settings, MeterRegistry registry) {
        if (!settings.enabled()) {
            return;
        }
        LOG.warn("chaos.enabled duplicateDelivery={} reorderWindowMs={} faults injected into the event bus on purpose"
                        + " (config section chaos): for tests and chaos runs only, never for real work",
                settings.duplicateDelivery(), settings.reorderWindow().toMillis());
        vertx.eventBus().addOutboundInterceptor(new ChaosDelivery(vertx, settings, registry));
    }

    @Override
    public void handle(DeliveryContext<Object> delivery) {
        Message<Object> message = delivery.message();
        if (message.headers().contains(COPY_HEADER)) {
            delivery.next(); // a copy: it already waited its random delay before it was sent
            return;
        }
        if (settings.duplicateDelivery() && !message.address().startsWith(REPLY_ADDRESS_PREFIX)) {
            afterRandomDelay(() -> sendCopyOf(delivery));
        }
        afterRandomDelay(delivery::next);
    }

    private void sendCopyOf(DeliveryContext<Object> delivery) {
        Message<Object> message = delivery.message();
        DeliveryOptions options = new DeliveryOptions()
                .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(message.headers()))
                .addHeader(COPY_HEADER, "true");
        if (delivery.send()) {
            vertx.eventBus().send(message.address(), delivery.body(), options);
        } else {
            vertx.eventBus().publish(message.address(), delivery.body(), options);
        }
        copies.increment();
    }

    private void afterRandomDelay(Runnable delivery) {
        long delay = ThreadLocalRandom.current().nextLong(settings.reorderWindow().toMillis() + 1);
        if (delay == 0) {
            delivery.run();
        } else {
            vertx.setTimer(delay, id -> delivery.run());
        }
    }
}
