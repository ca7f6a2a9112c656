package dev.domainagents.observer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code GET /}: the operator dashboard, one self-contained page from this module's
 * resources (read once, off the event loop). Its Content-Security-Policy lets nothing load
 * from elsewhere and runs only the page's own inline script (by its hash). The page itself
 * is public; the admin data it fetches needs the bearer token, which it asks for.
 */
final class DashboardPage {
    private static final String RESOURCE = "dev/domainagents/observer/dashboard.html";

    private record Page(Buffer html, String contentSecurityPolicy) {
    }

    private final Future<Page> page;

    DashboardPage(Vertx vertx) {
        this.page = vertx.executeBlocking(DashboardPage::load);
    }

    void mount(Router router) {
        router.get("/").handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        page.onSuccess(loaded -> ctx.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Cache-Control", "no-cache")
                        .putHeader("Content-Security-Policy", loaded.contentSecurityPolicy())
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .end(loaded.html()))
                .onFailure(ctx::fail);
    }

    private static Page load() throws IOException, NoSuchAlgorithmException {
        String html;
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the observer-agent jar");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = html.indexOf("<script>") + "<script>".length();
        int end = html.indexOf("</script>", start);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(html.substring(start, end).getBytes(StandardCharsets.UTF_8));
        String policy = "default-src 'none'; script-src 'sha256-" + Base64.getEncoder().encodeToString(digest) + "'; "
                + "style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
        return new Page(Buffer.buffer(html), policy);
    }
}
