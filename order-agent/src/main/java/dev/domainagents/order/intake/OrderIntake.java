package dev.domainagents.order.intake;

import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.core.kafka.CommandIntake;
import dev.domainagents.order.api.IdempotencyKeyReused;
import dev.domainagents.order.api.OrderSummary;
import dev.domainagents.order.http.OrderPlacement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Places orders that arrive as records ({@code order.place}): the value is a {@code POST /orders}
 * body and the record's key its {@code Idempotency-Key}, checked and placed by the very code of
 * that route ({@link OrderPlacement}). The key is required here, since a record may be taken
 * twice and only the key makes the second time place nothing. Accepted once the order is
 * stored; a record broken the way a request would be is refused with the same error body.
 */
public final class OrderIntake implements CommandIntake {
    private final OrderPlacement placement;

    public OrderIntake(OrderPlacement placement) {
        this.placement = placement;
    }

    @Override
    public Future<Outcome> take(String key, JsonObject value) {
        OrderPlacement.Checked checked = OrderPlacement.check(value, key);
        JsonArray problems = checked.problems().copy();
        if (key == null) {
            problems.add(HttpReplies.problem("key", "is required: the record's key is the order's Idempotency-Key"));
        }
        if (!problems.isEmpty()) {
            return Future.succeededFuture(Outcome.refused(HttpReplies.errorBody("validation_failed", "the order is not valid", problems)));
        }
        return placement.place(checked).map(reply -> {
            if (OrderPlacement.keyReused(reply)) {
                IdempotencyKeyReused reused = reply.payloadAs(IdempotencyKeyReused.class);
                return Outcome.refused(HttpReplies.errorBody("idempotency_key_reused",
                        "this Idempotency-Key was used for a different request (order " + reused.orderId() + ")", new JsonArray()));
            }
            return Outcome.accepted(reply.payloadAs(OrderSummary.class).orderId());
        });
    }
}
