package dev.domainagents.order.http;

import dev.domainagents.order.view.OrderView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.RoundingMode;

/** An order as API.md shows it; money as decimal strings with 2 decimals, times in ISO-8601 UTC. */
final class OrderJson {
    private OrderJson() {
    }

    /** The full order, with its history ({@code GET /orders/{id}}). */
    static JsonObject full(OrderView view) {
        JsonArray history = new JsonArray();
        view.history().forEach(change -> history.add(new JsonObject().put("type", change.type()).put("at", change.at().toString())));
        return summary(view).put("history", history);
    }

    /** The order without its history (the list of {@code GET /orders}). */
    static JsonObject summary(OrderView view) {
        JsonArray items = new JsonArray();
        view.items().forEach(item -> items.add(new JsonObject().put("sku", item.sku()).put("quantity", item.quantity())
                .put("unitPrice", item.unitPrice().setScale(2, RoundingMode.UNNECESSARY).toPlainString())));
        return new JsonObject()
                .put("orderId", view.orderId())
                .put("customerId", view.customerId())
                .put("items", items)
                .put("total", view.total().setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                .put("status", view.status())
                .put("reason", view.reason())
                .put("createdAt", view.createdAt().toString())
                .put("updatedAt", view.updatedAt().toString());
    }
}
