package dev.domainagents.order.http;

import dev.domainagents.core.http.HttpReplies;
import dev.domainagents.order.api.OrderLine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code POST /orders} body, checked against every rule of API.md at once: {@link #parse}
 * answers either the valid request or one problem per broken rule, with the field's path.
 * Fields the contract does not know are ignored.
 */
public record OrderRequest(String customerId, List<OrderLine> items, String paymentMethod) {
    public static final Set<String> PAYMENT_METHODS = Set.of("card-ok", "card-declined", "card-flaky", "card-slow");
    static final int MAX_CUSTOMER_ID = 100;
    static final int MAX_ITEMS = 100;
    static final int MAX_QUANTITY = 10_000;
    static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("1000000000");
    private static final int MAX_PRICE_TEXT = 32;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public OrderRequest {
        items = List.copyOf(items);
    }

    /** The outcome of reading a body: a request, or the problems ({@code {"field","message"}}) found in it. */
    public record Parsed(OrderRequest request, JsonArray problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Parsed parse(JsonObject body) {
        JsonArray problems = new JsonArray();
        String customerId = customerId(body.getValue("customerId"), problems);
        List<OrderLine> items = items(body.getValue("items"), problems);
        Object method = body.getValue("paymentMethod");
        if (!(method instanceof String name) || !PAYMENT_METHODS.contains(name)) {
            problems.add(HttpReplies.problem("paymentMethod", "must be one of " + String.join(", ", PAYMENT_METHODS.stream().sorted().toList())));
        }
        return problems.isEmpty()
                ? new Parsed(new OrderRequest(customerId, items, (String) method), problems)
                : new Parsed(null, problems);
    }

    /**
     * A digest of what the request asks for, in a canonical form: two bodies that differ only
     * in layout, key order, unknown fields or how a price is written ({@code "10.5"}, {@code 10.50})
     * have the same fingerprint.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder().append(customerId.length()).append(':').append(customerId)
                .append('|').append(paymentMethod);
        items.forEach(item -> canonical.append('|').append(item.sku()).append(',').append(item.quantity())
                .append(',').append(item.unitPrice().stripTrailingZeros().toPlainString()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String customerId(Object value, JsonArray problems) {
        if (!(value instanceof String id) || id.isBlank()) {
            problems.add(HttpReplies.problem("customerId", "is required and must not be blank"));
            return null;
        }
        if (id.length() > MAX_CUSTOMER_ID) {
            problems.add(HttpReplies.problem("customerId", "must be at most " + MAX_CUSTOMER_ID + " characters"));
        }
        if (!isText(id)) {
            problems.add(HttpReplies.problem("customerId", "must not hold control characters or unpaired surrogates"));
        }
        return id;
    }

    /** Text PostgreSQL and every client can keep as is: no control characters, no unpaired surrogate halves. */
    static boolean isText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(++i)))) {
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static List<OrderLine> items(Object value, JsonArray problems) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            problems.add(HttpReplies.problem("items", "must list at least one item"));
            return List.of();
        }
        if (array.size() > MAX_ITEMS) {
            problems.add(HttpReplies.problem("items", "must list at most " + MAX_ITEMS + " items"));
            return List.of();
        }
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "items[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject item)) {
                problems.add(HttpReplies.problem(path, "must be an object with sku, quantity and unitPrice"));
                continue;
            }
            String sku = sku(item.getValue("sku"), path + ".sku", problems);
            Integer quantity = quantity(item.getValue("quantity"), path + ".quantity", problems);
            BigDecimal price = unitPrice(item.getValue("unitPrice"), path + ".unitPrice", problems);
            if (sku != null && quantity != null && price != null) {
                lines.add(new OrderLine(sku, quantity, price));
            }
        }
        return lines;
    }

    private static String sku(Object value, String field, JsonArray problems) {
        if (!(value instanceof String sku) || sku.isBlank()) {
            problems.add(HttpReplies.problem(field, "is required and must not be blank"));
            return null;
        }
        if (!SKU.matcher(sku).matches()) {
            problems.add(HttpReplies.problem(field, "must be 1-64 letters, digits, '.', '_' or '-'"));
            return null;
        }
        return sku;
    }

    private static Integer quantity(Object value, String field, JsonArray problems) {
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1
                && ((Number) value).longValue() <= MAX_QUANTITY) {
            return ((Number) value).intValue();
        }
        problems.add(HttpReplies.problem(field, "must be a whole number from 1 to " + MAX_QUANTITY));
        return null;
    }

    /** A decimal string or number, above 0, at most 2 decimals, at most {@link #MAX_UNIT_PRICE}. */
    private static BigDecimal unitPrice(Object value, String field, JsonArray problems) {
        BigDecimal price = decimalOf(value);
        if (price == null) {
            problems.add(HttpReplies.problem(field, "must be a decimal number, as a string (\"10.50\") or a JSON number"));
            return null;
        }
        if (price.signum() <= 0 || price.compareTo(MAX_UNIT_PRICE) > 0 || price.stripTrailingZeros().scale() > 2) {
            problems.add(HttpReplies.problem(field, "must be above 0, at most " + MAX_UNIT_PRICE.toPlainString() + ", with at most 2 decimals"));
            return null;
        }
        return price.setScale(2);
    }

    private static BigDecimal decimalOf(Object value) {
        try {
            if (value instanceof String text && !text.isBlank() && text.length() <= MAX_PRICE_TEXT) {
                return new BigDecimal(text.strip());
            }
            if (value instanceof Double || value instanceof Float) {
                double number = ((Number) value).doubleValue();
                return Double.isFinite(number) ? BigDecimal.valueOf(number) : null;
            }
            if (value instanceof Number number) {
                return new BigDecimal(number.toString());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

}
