package dev.domainagents.order.view;

import dev.domainagents.order.api.OrderLine;
import dev.domainagents.order.view.OrderView.Change;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code order_view} table: written by the projection, read by the order routes. */
public final class OrderViews {
    private static final String COLUMNS =
            "order_id, customer_id, items, total, status, reason, created_at, updated_at, history, placed_seq";
    private static final String INSERT = "INSERT INTO order_view (" + COLUMNS + ") "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (order_id) DO NOTHING";
    private static final String END = """
            UPDATE order_view SET status = $2, reason = $3, updated_at = $4, history = history || $5::jsonb
             WHERE order_id = $1 AND status = 'PENDING'
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM order_view WHERE order_id = $1";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM order_view
            WHERE ($1::text IS NULL OR status = $1)
              AND ($2::text IS NULL OR customer_id = $2)
              AND ($3::bigint IS NULL OR placed_seq < $3)
            ORDER BY placed_seq DESC
            LIMIT $4
            """;

    /** One page of orders, newest first, and the cursor of the next page (empty at the end). */
    public record Page(List<OrderView> orders, Optional<Long> next) {
    }

    public Future<Void> insert(SqlClient sql, OrderView view) {
        return sql.preparedQuery(INSERT).execute(Tuple.of(view.orderId(), view.customerId(), itemsJson(view.items()),
                        view.total(), view.status(), view.reason(), at(view.createdAt()), at(view.updatedAt()),
                        historyJson(view.history()), view.placedSeq()))
                .mapEmpty();
    }

    /**
     * Ends a pending order with {@code status}, appending the change to its history, in one
     * statement (no read first). An order that already ended stays as it is, as in {@link OrderView#apply}.
     */
    public Future<Void> end(SqlClient sql, String orderId, String status, String reason, Change change) {
        return sql.preparedQuery(END).execute(Tuple.of(orderId, status, reason, at(change.at()),
                        historyJson(List.of(change))))
                .mapEmpty();
    }

    public Future<Optional<OrderView>> find(SqlClient sql, String orderId) {
        return sql.preparedQuery(FIND).execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(viewOf(rows.iterator().next())));
    }

    /** Orders with the given status and customer (either may be null: any), after the cursor (null: from the newest). */
    public Future<Page> list(SqlClient sql, String status, String customerId, Long afterCursor, int limit) {
        return sql.preparedQuery(LIST).execute(Tuple.of(status, customerId, afterCursor, limit + 1)).map(rows -> {
            List<OrderView> views = new ArrayList<>();
            rows.forEach(row -> views.add(viewOf(row)));
            if (views.size() <= limit) {
                return new Page(views, Optional.empty());
            }
            List<OrderView> page = views.subList(0, limit);
            return new Page(List.copyOf(page), Optional.of(page.get(limit - 1).placedSeq()));
        });
    }

    public Future<Void> clear(SqlClient sql) {
        return sql.query("DELETE FROM order_view").execute().mapEmpty();
    }

    private static OrderView viewOf(Row row) {
        List<OrderLine> items = new ArrayList<>();
        row.getJsonArray("items").forEach(item -> {
            JsonObject line = (JsonObject) item;
            items.add(new OrderLine(line.getString("sku"), line.getInteger("quantity"), new BigDecimal(line.getString("unitPrice"))));
        });
        List<Change> history = new ArrayList<>();
        row.getJsonArray("history").forEach(entry -> {
            JsonObject change = (JsonObject) entry;
            history.add(new Change(change.getString("type"), Instant.parse(change.getString("at"))));
        });
        return new OrderView(row.getString("order_id"), row.getString("customer_id"), items, row.getBigDecimal("total"),
                row.getString("status"), row.getString("reason"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(), history, row.getLong("placed_seq"));
    }

    private static JsonArray itemsJson(List<OrderLine> items) {
        JsonArray json = new JsonArray();
        items.forEach(item -> json.add(new JsonObject().put("sku", item.sku()).put("quantity", item.quantity())
                .put("unitPrice", item.unitPrice().toPlainString())));
        return json;
    }

    private static JsonArray historyJson(List<Change> history) {
        JsonArray json = new JsonArray();
        history.forEach(change -> json.add(new JsonObject().put("type", change.type()).put("at", change.at().toString())));
        return json;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
