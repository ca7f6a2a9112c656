package dev.domainagents.order.http;

import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageType;
import dev.domainagents.order.OrderAgent;
import dev.domainagents.order.api.IdempotencyKeyReused;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Placing an order, the one way every entrance does it ({@code POST /orders}, the Kafka
 * commands topic): the body checked by {@link OrderRequest}, the idempotency key by the same
 * rule, then a {@code PlaceOrder} sent to the order agent, which claims the key in the
 * placing transaction. Its reply comes once the order is stored.
 */
public final class OrderPlacement {
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,200}");
    private static final String KEY_REUSED = MessageType.Of.name(IdempotencyKeyReused.class);

    private final Ingress ingress;

    public OrderPlacement(Ingress ingress) {
        this.ingress = ingress;
    }

    /** A checked placement: the request, or one problem per broken rule ({@code {"field","message"}}). */
    public record Checked(OrderRequest request, String idempotencyKey, JsonArray problems) {
    }

    /** Checks {@code body} and {@code idempotencyKey} (null: none) against API.md's rules for {@code POST /orders}. */
    public static Checked check(JsonObject body, String idempotencyKey) {
        OrderRequest.Parsed parsed = OrderRequest.parse(body);
        JsonArray problems = parsed.problems().copy();
        if (idempotencyKey != null && !PRINTABLE.matcher(idempotencyKey).matches()) {
            problems.add(HttpReplies.problem("Idempotency-Key", "must be 1-200 printable ASCII characters"));
        }
        return new Checked(parsed.request(), idempotencyKey, problems);
    }

    /** Sends a valid placement to the order agent; answers its reply, an {@code OrderSummary} or {@link IdempotencyKeyReused}. */
    public Future<Envelope> place(Checked checked) {
        OrderRequest request = checked.request();
        String key = checked.idempotencyKey();
        String orderId = UUID.randomUUID().toString();
        PlaceOrder command = new PlaceOrder(orderId, request.customerId(), request.items(), request.paymentMethod(),
                ingress.runtime().clock().instant(), key, key == null ? null : request.fingerprint());
        return ingress.request(OrderAgent.streamOf(orderId), orderId, command);
    }

    /** Whether the agent answered that the key already placed a different request. */
    public static boolean keyReused(Envelope reply) {
        return KEY_REUSED.equals(reply.type());
    }
}
