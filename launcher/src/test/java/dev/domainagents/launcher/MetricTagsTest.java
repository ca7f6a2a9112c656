package dev.domainagents.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client sends never becomes a metric tag: a made-up HTTP method is counted as {@code OTHER}. */
class MetricTagsTest {
    @TempDir
    Path temp;

    @Test
    void anUnknownHttpMethodIsTaggedOtherAndNeverByItsName() throws Exception {
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, new JsonObject())) {
            String method = "BREW" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
            String answer = raw(platform.node().httpPort(), method + " /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 ");

            String metrics = platform.http().get("/metrics").body();

            assertThat(metrics).doesNotContain(method);
            assertThat(metrics).contains("method=\"OTHER\"");
            assertThat(metrics).contains("method=\"GET\"");
        }
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
