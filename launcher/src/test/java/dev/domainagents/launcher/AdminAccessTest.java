package dev.domainagents.launcher;

import ch.qos.logback.classic.Level;
import dev.domainagents.core.testkit.EventStreamForTests;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every admin route (all of {@code /admin/*} and {@code PUT /stock/{sku}}, an admin operation in
 * API.md) refuses a missing or wrong bearer token with 401 when a token is configured, works with
 * the right one, and is open when none is; the token and the database password never reach the logs.
 */
class AdminAccessTest {
    private static final String JSON = "application/json";
    private static final String TOKEN = "tok-" + UUID.randomUUID();
    private static final String DB_PASSWORD = "pw-" + UUID.randomUUID();
    private static final String SKU = "SKU-ADM";

    /** An admin route, the request that exercises it, and its answer once let through. */
    private record Route(String method, String path, String body, int served) {
        Response send(HttpClientForTests http, String... headers) {
            String[] all = body == null ? headers : withContentType(headers);
            return switch (method) {
                case "GET" -> http.get(path, all);
                case "POST" -> http.post(path, body == null ? "" : body, all);
                case "PUT" -> http.put(path, body, all);
                case "DELETE" -> http.delete(path, all);
                default -> throw new IllegalArgumentException(method);
            };
        }

        private static String[] withContentType(String... headers) {
            List<String> all = new ArrayList<>(List.of(headers));
            all.addAll(List.of("Content-Type", JSON));
            return all.toArray(String[]::new);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @TempDir
    Path temp;

    @Test
    void adminRoutesRefuseAMissingOrWrongTokenAndWorkWithTheRightOneWhileNoLogShowsTheSecrets() throws Exception {
        Map<String, String> environment = Map.of("DOMAIN_AGENTS_ADMIN__TOKEN", TOKEN, "DOMAIN_AGENTS_DB__PASSWORD", DB_PASSWORD);
        try (CapturedLogs logs = CapturedLogs.capture(Level.ALL, org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.domainagents", "io.vertx");
             LaunchedPlatform platform = LaunchedPlatform.start(temp, new JsonObject(), environment)) {
            HttpClientForTests http = platform.http();
            String bearer = "Bearer " + TOKEN;
            List<Route> routes = routes(platform, "Authorization", bearer);

            List<String[]> refused = List.of(
                    new String[0],
                    new String[]{"Authorization", "Bearer " + sameLengthOtherThan(TOKEN)},
                    new String[]{"Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)},
                    new String[]{"Authorization", "Bearer " + TOKEN + "0"},
                    new String[]{"Authorization", "Bearer "},
                    new String[]{"Authorization", "Basic " + base64("admin:" + TOKEN)},
                    new String[]{"Authorization", "Basic " + TOKEN},
                    new String[]{"Authorization", TOKEN});
            for (Route route : routes) {
                for (String[] headers : refused) {
                    assertUnauthorized(route.send(http, headers), route + " with " + List.of(headers));
                }
            }
            assertUnauthorized(http.get("/admin/no-such-route"), "an unknown admin path");
            // spellings of an admin path that a router might resolve to it: refused or unknown, never served
            for (String path : List.of("/%61dmin/dlq", "//admin/dlq", "/x/../admin/dlq", "/admin/./dlq", "/admin//dlq",
                    "/admin/dlq/", "/admin/dlq?x=/health", "/ADMIN/dlq")) {
                assertThat(http.get(path).status()).as(path).isIn(401, 404);
            }
            // nothing refused took effect: the stock is as the one order left it, the gateway never changed
            assertThat(http.get("/stock/" + SKU).json().getInteger("available")).isEqualTo(9);
            assertThat(logs.linesContaining("payment.gateway.conditions")).isEmpty();

            for (Route route : routes) {
                assertServed(http, route, "Authorization", bearer);
            }
            assertThat(http.get("/admin/no-such-route", "Authorization", bearer).status()).isEqualTo(404);
            assertThat(http.get("/stock/" + SKU).json().getInteger("available")).isEqualTo(7);

            platform.restart(); // a stop and a start more, both logged
            assertThat(platform.http().get("/admin/agents").status()).isEqualTo(401);

            assertThat(logs.linesContaining("platform.started")).hasSize(2);
            assertThat(logs.linesContaining("http.listening")).hasSize(2).allMatch(line -> line.contains("admin=bearer-token"));
            for (String secret : List.of(TOKEN, DB_PASSWORD, base64("admin:" + TOKEN))) {
                assertThat(logs.linesContaining(secret)).as("log lines showing a secret").isEmpty();
            }
        }
    }

    /** Open, but only on the loopback: the node listens on 127.0.0.1 and its start log says why. */
    @Test
    void withoutAConfiguredTokenAdminRoutesAreOpenOnTheLoopbackOnly() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture(Level.INFO, "dev.domainagents.core.http");
             LaunchedPlatform platform = LaunchedPlatform.start(temp, new JsonObject())) {
            assertThat(logs.linesContaining("http.listening")).singleElement().satisfies(line -> assertThat(line)
                    .contains("host=127.0.0.1").contains("admin=loopback-only"));
            for (Route route : routes(platform)) {
                assertServed(platform.http(), route);
                assertServed(platform.http(), route, "Authorization", "Bearer anything");
            }
        }
    }

    /** A bind beyond the loopback without a token, or a cluster node without one, does not start, in one line naming the key. */
    @Test
    void aNonLoopbackBindOrAClusterNodeWithoutATokenDoesNotStart() {
        JsonObject exposed = new JsonObject().put("http", new JsonObject().put("host", "0.0.0.0"));
        JsonObject cluster = new JsonObject().put("cluster", new JsonObject().put("enabled", true));
        for (JsonObject config : List.of(exposed, cluster)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaunchedPlatform.start(temp, config).close())
                    .as(config.encode())
                    .isInstanceOf(dev.domainagents.core.config.Settings.InvalidSetting.class)
                    .hasMessageStartingWith("invalid configuration admin.token=").hasMessageNotContaining("\n");
        }
    }

    /**
     * Every admin route, with what it answers when served. Sets the SKU to 10 and places a
     * confirmed order of 1 (an open route), for the saga lookup; the stock route sets 7.
     */
    private static List<Route> routes(LaunchedPlatform platform, String... adminHeaders) {
        assertThat(platform.http().put("/stock/" + SKU, new JsonObject().put("available", 10).encode(),
                Route.withContentType(adminHeaders)).status()).isEqualTo(200);
        Response placed = platform.http().post("/orders?wait=20000", new JsonObject().put("customerId", "c-admin")
                .put("paymentMethod", "card-ok").put("items", new JsonArray().add(new JsonObject().put("sku", SKU)
                        .put("quantity", 1).put("unitPrice", "1.00"))).encode(), "Content-Type", JSON);
        assertThat(placed.json().getString("status")).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.http().get("/stock/" + SKU).json().getInteger("reserved") == 0);
        return List.of(
                new Route("GET", "/admin/dlq", null, 200),
                new Route("POST", "/admin/dlq/424242/redrive", null, 404),
                new Route("DELETE", "/admin/dlq/424242", null, 404),
                new Route("GET", "/admin/agents", null, 200),
                new Route("GET", "/admin/sagas/" + placed.json().getString("orderId"), null, 200),
                new Route("POST", "/admin/projections/order-view/rebuild", null, 202),
                new Route("PUT", "/admin/payment-gateway", new JsonObject().put("failureRate", 0.0).put("latencyMs", 0).encode(), 200),
                new Route("GET", "/admin/feed", null, 200),
                new Route("PUT", "/stock/" + SKU, new JsonObject().put("available", 7).encode(), 200));
    }

    private static void assertServed(HttpClientForTests http, Route route, String... headers) {
        if (route.path().equals("/admin/feed")) { // a stream that never ends by itself
            try (EventStreamForTests feed = http.stream(route.path(), headers)) {
                assertThat(feed.status()).as(route.toString()).isEqualTo(200);
            }
            return;
        }
        Response response = route.send(http, headers);
        assertThat(response.status()).as(route + ": " + response.body()).isEqualTo(route.served());
        if (route.served() == 404) {
            assertThat(response.json().getString("error")).isEqualTo("not_found");
            assertThat(response.json().getString("message")).contains("dead letter");
        }
    }

    private static void assertUnauthorized(Response response, String request) {
        assertThat(response.status()).as(request).isEqualTo(401);
        JsonObject body = response.json();
        assertThat(body.getString("error")).as(request).isEqualTo("unauthorized");
        assertThat(body.getString("message")).as(request).isNotBlank();
        assertThat(body.getJsonArray("details")).as(request).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(request).hasValue("Bearer");
        assertThat(response.body()).doesNotContain(TOKEN);
    }

    private static String sameLengthOtherThan(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
