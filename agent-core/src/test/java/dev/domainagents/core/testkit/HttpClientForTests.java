package dev.domainagents.core.testkit;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP from the test thread, as a client of the platform would send it. */
public final class HttpClientForTests {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String[] defaultHeaders;

    public HttpClientForTests(String baseUrl) {
        this(baseUrl, new String[0]);
    }

    /** A client of {@code baseUrl} sending {@code defaultHeaders} (name, value pairs) with every request, e.g. the admin token. */
    public HttpClientForTests(String baseUrl, String... defaultHeaders) {
        this.baseUrl = baseUrl;
        this.defaultHeaders = defaultHeaders.clone();
    }

    /** A response: status, body text, and the body as JSON when it is an object. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    public Response get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Response delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public Response post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body, String... headers) {
        return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Opens a streamed GET (Server-Sent Events); answers once the response headers arrived. */
    public EventStreamForTests stream(String path, String... headers) {
        try {
            return new EventStreamForTests(client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Headers as name, value pairs. */
    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < defaultHeaders.length; i += 2) {
            builder.header(defaultHeaders[i], defaultHeaders[i + 1]);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
