package dev.domainagents.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The platform's HTTP API (docs/API.md) as the bench uses it, over one Vert.x HTTP client with
 * keep-alive connections, at most {@code connections} of them. Answers arrive on the context
 * that made the call. An answer other than the one the contract promises fails the call with
 * {@link UnexpectedAnswer}, naming the status and the start of the body.
 */
final class PlatformClient {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The platform answered, but not as API.md says it does. */
    static final class UnexpectedAnswer extends RuntimeException {
        UnexpectedAnswer(String call, int status, String body) {
            super(call + " answered " + status + (body.isBlank() ? "" : " " + abbreviated(body)));
        }

        private static String abbreviated(String body) {
            String line = body.strip().replaceAll("\\s+", " ");
            return line.length() <= 200 ? line : line.substring(0, 200) + "...";
        }
    }

    private final String base;
    private final Optional<String> adminToken;
    private final HttpClientAgent http;
    private final WebClient web;

    /** {@code adminToken}: the platform's {@code admin.token}, for the admin operation {@code PUT /stock}; empty if it has none. */
    PlatformClient(Vertx vertx, URI base, int connections, Optional<String> adminToken) {
        this.base = base.toString().replaceAll("/+$", "");
        this.adminToken = adminToken;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        this.web = WebClient.wrap(http);
    }

    String base() {
        return base;
    }

    /** {@code GET /health}: succeeds on 200. */
    Future<Void> health() {
        return web.getAbs(base + "/health").timeout(REQUEST_TIMEOUT.toMillis()).send()
                .compose(response -> expect("GET /health", response, 200)).mapEmpty();
    }

    /** {@code PUT /stock/{sku}} with {@code {"available": n}}: succeeds on 200. */
    Future<Void> setStock(String sku, int available) {
        var request = web.putAbs(base + "/stock/" + sku).timeout(REQUEST_TIMEOUT.toMillis());
        adminToken.ifPresent(token -> request.bearerTokenAuthentication(token));
        return request.sendJsonObject(new JsonObject().put("available", available))
                .compose(response -> expect("PUT /stock/" + sku, response, 200)).mapEmpty();
    }

    /** {@code POST /orders}: the new order's id, from a 202 (or a 200 or 201) with {@code orderId}. */
    Future<String> placeOrder(JsonObject order) {
        return web.postAbs(base + "/orders").timeout(REQUEST_TIMEOUT.toMillis()).sendJsonObject(order)
                .compose(response -> expect("POST /orders", response, 202, 200, 201))
                .compose(response -> {
                    String id = json(response).getString("orderId");
                    return id == null || id.isBlank()
                            ? Future.failedFuture(new UnexpectedAnswer("POST /orders", response.statusCode(),
                                    "without an orderId: " + response.bodyAsString()))
                            : Future.succeededFuture(id);
                });
    }

    /** {@code GET /orders/{id}}: its terminal status if it is terminal; empty while it is not, or not readable yet. */
    Future<Optional<String>> terminalStatus(String orderId) {
        return web.getAbs(base + "/orders/" + orderId).timeout(REQUEST_TIMEOUT.toMillis()).send()
                .map(response -> response.statusCode() == 200 ? TerminalStatus.ofOrder(json(response)) : Optional.empty());
    }

    /** A {@code GET} of a Server-Sent Events stream, not sent yet, with no timeout: its reader ends it. */
    Future<HttpClientRequest> eventStream(String path) {
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(base + path)
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream"));
    }

    /** {@code GET /metrics}: the Prometheus text exposition. */
    Future<String> metrics() {
        return web.getAbs(base + "/metrics").timeout(REQUEST_TIMEOUT.toMillis()).send()
                .compose(response -> expect("GET /metrics", response, 200))
                .map(HttpResponse::bodyAsString);
    }

    Future<Void> close() {
        web.close();
        return http.close();
    }

    private static Future<HttpResponse<Buffer>> expect(String call, HttpResponse<Buffer> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return Future.succeededFuture(response);
            }
        }
        String body = response.bodyAsString();
        return Future.failedFuture(new UnexpectedAnswer(call, response.statusCode(), body == null ? "" : body));
    }

    private static JsonObject json(HttpResponse<Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }
}
