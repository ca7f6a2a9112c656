package dev.domainagents.core.http;

import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals before any route, in the API.md error shape. */
class RequestGuardsTest {
    private TestPlatform platform;
    private URI base;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        base = URI.create(platform.serveHttp(List.of(), null));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void requestLineTooLongForTheCodecIs414InTheErrorShape() throws IOException {
        String response = raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: test\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.").contains(" 414 ");
        assertErrorShape(response, "uri_too_long");
    }

    @Test
    void headersTooLargeForTheCodecAre431InTheErrorShape() throws IOException {
        String response = raw("GET /health HTTP/1.1\r\nHost: test\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.").contains(" 431 ");
        assertErrorShape(response, "headers_too_large");
    }

    /** HTTP/1.1 only on plain text: an h2c upgrade request is answered in HTTP/1.1 (see HttpIngress). */
    @Test
    void anH2cUpgradeRequestIsAnsweredInHttp11() throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: test\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder statusLine = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                statusLine.append((char) c);
            }

            assertThat(statusLine.toString()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void nulInThePathOrAQueryParameterIs400BeforeAnyRoute() {
        HttpClientForTests http = new HttpClientForTests(base.toString());

        assertThat(http.get("/admin/dlq/%00").status()).isEqualTo(400);
        assertThat(http.get("/admin/dlq?after=%00").json().getString("error")).isEqualTo("bad_request");
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    /** Nothing a request sends is written to disk: no route takes a file, so a form body is refused unread. */
    @Test
    void aMultipartUploadIs415AndLeavesNoFileOnDisk() throws IOException {
        Path uploads = Path.of("file-uploads"); // where Vert.x's body handler would write uploads, relative to the working directory
        long before = filesIn(uploads);
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(20_000) + "\r\n--b0undary--\r\n";
        for (String path : List.of("/admin/dlq/1/redrive", "/no/such/route")) {
            String response = rawAnswer("POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);

            assertThat(response).as(path).startsWith("HTTP/1.1 415 ");
            assertErrorShape(response, "unsupported_media_type");
        }
        assertThat(filesIn(uploads)).isEqualTo(before);
    }

    /** A connection that sends nothing is closed after http.idleTimeoutMs; without a timeout it stays open for ever. */
    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        URI idle = URI.create(platform.serveHttpWith(List.of(), new HttpSettings("127.0.0.1", 0, 64 * 1024, 1024, null,
                new HttpSettings.Connections(Duration.ofSeconds(1), 10, Duration.ofHours(1)))));
        try (Socket socket = new Socket(idle.getHost(), idle.getPort())) {
            socket.setSoTimeout(15_000); // far past the idle timeout: a read that times out means the server kept it open
            long started = System.nanoTime();

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    private static long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    /** Sends bytes as they are and reads one answer (its headers, then Content-Length bytes), whether or not the server closes. */
    private String rawAnswer(String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c == -1) {
                    break;
                }
                head.append((char) c);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
            return head + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends bytes as they are (an HTTP client would refuse to build such a request) and reads the whole answer. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertErrorShape(String response, String error) {
        JsonObject body = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("message")).isNotBlank();
        assertThat(body.getJsonArray("details")).isEmpty();
    }
}
