package dev.domainagents.observer;

import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardPageTest {
    private static TestPlatform platform;
    private static HttpClientForTests http;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        http = new HttpClientForTests(platform.serveHttp(List.of(new ObserverModule()), "dashboard-secret"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void rootServesTheDashboardThatUsesTheOperationsRoutes() {
        Response page = http.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).startsWith("<!DOCTYPE html>")
                .contains("\"/ready\"", "\"/admin/agents\"", "\"/admin/dlq?limit=", "\"/admin/dlq/\"", "/redrive\"",
                        "\"/admin/feed\"", "\"/admin/sagas/\"", "sessionStorage", "Authorization",
                        "body.nodes", "node.leases", "body.unanswered");
    }

    @Test
    void dashboardLoadsNothingFromElsewhereAndRunsOnlyItsOwnScript() throws Exception {
        Response page = http.get("/");
        String body = page.body();
        String script = body.substring(body.indexOf("<script>") + "<script>".length(), body.indexOf("</script>"));
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));

        assertThat(body).doesNotContain("http://", "https://", "<script src", "<link rel=\"stylesheet\"");
        assertThat(body.split("<script", -1)).hasSize(2);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'none'", "script-src 'sha256-" + hash + "'", "connect-src 'self'"));
    }
}
