package dev.domainagents.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path temp;

    @AfterEach
    void close() {
        System.clearProperty("http.port");
        await(vertx.close());
    }

    @Test
    void defaultsWorkWithNothingGiven() {
        JsonObject config = await(ConfigLoader.load(vertx, Optional.empty(), Map.of()));

        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(8080);
        assertThat(config.getJsonObject("db").getBoolean("embedded")).isTrue();
        assertThat(config.fieldNames()).doesNotContain("java", "os", "user");
    }

    @Test
    void fileOverridesDefaultsKeyByKey() throws IOException {
        JsonObject config = await(ConfigLoader.load(vertx, Optional.of(file("{\"http\": {\"port\": 9001}}")), Map.of()));

        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9001);
        assertThat(config.getJsonObject("http").getString("host")).isEqualTo("0.0.0.0");
    }

    @Test
    void environmentOverridesFileAndSystemPropertyOverridesEnvironment() throws IOException {
        Path file = file("{\"http\": {\"port\": 9001}, \"db\": {\"poolSize\": 4}}");
        Map<String, String> environment = Map.of("DOMAIN_AGENTS_HTTP__PORT", "9002", "DOMAIN_AGENTS_DB__POOL_SIZE", "24");

        JsonObject fromEnvironment = await(ConfigLoader.load(vertx, Optional.of(file), environment));
        System.setProperty("http.port", "9003");
        JsonObject fromProperty = await(ConfigLoader.load(vertx, Optional.of(file), environment));

        assertThat(fromEnvironment.getJsonObject("http").getInteger("port")).isEqualTo(9002);
        assertThat(fromEnvironment.getJsonObject("db").getInteger("poolSize")).isEqualTo(24);
        assertThat(fromProperty.getJsonObject("http").getValue("port").toString()).isEqualTo("9003");
    }

    @Test
    void placeholderAdminTokenIsRefused() {
        Throwable failure = awaitFailure(ConfigLoader.load(vertx, Optional.empty(), Map.of("DOMAIN_AGENTS_ADMIN__TOKEN", "change-me")));

        assertThat(failure).hasMessageContaining("admin.token");
    }

    @Test
    void missingFileIsRefusedNamingTheFlag() {
        Throwable failure = awaitFailure(ConfigLoader.load(vertx, Optional.of(temp.resolve("nope.json")), Map.of()));

        assertThat(failure).hasMessageContaining("--config");
    }

    @Test
    void environmentNamesBecomeNestedCamelCaseKeys() {
        JsonObject overrides = EnvironmentOverrides.from(Map.of(
                "DOMAIN_AGENTS_DB__POOL_SIZE", "32", "DOMAIN_AGENTS_ADMIN__TOKEN", "s3cret",
                "DOMAIN_AGENTS_DB__EMBEDDED", "false", "PATH", "/usr/bin"));

        assertThat(overrides).isEqualTo(new JsonObject()
                .put("db", new JsonObject().put("poolSize", 32).put("embedded", false))
                .put("admin", new JsonObject().put("token", "s3cret")));
    }

    private Path file(String json) throws IOException {
        Path file = temp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return file;
    }
}
