package dev.domainagents.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        System.clearProperty("db.embedded");
        System.clearProperty("http.proxyHost");
        await(vertx.close());
    }

    @Test
    void withNothingGivenTheDevDefaultsApply() {
        JsonObject config = load(Optional.empty(), Map.of(), new JsonObject());

        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(8080);
        assertThat(config.getJsonObject("db").getBoolean("embedded")).isTrue();
        assertThat(config.fieldNames()).doesNotContain("java", "os", "user");
    }

    @Test
    void fileOverridesDefaultsKeyByKey() throws IOException {
        JsonObject config = load(Optional.of(file("{\"http\": {\"port\": 9001}}")), Map.of(), new JsonObject());

        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9001);
        assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    }

    @Test
    void environmentOverridesFileSystemPropertyOverridesEnvironmentAndTheFlagOverridesAll() throws IOException {
        Optional<String> file = Optional.of(file("{\"http\": {\"port\": 9001}, \"db\": {\"poolSize\": 4}}"));
        Map<String, String> environment = Map.of("DOMAIN_AGENTS_HTTP__PORT", "9002", "DOMAIN_AGENTS_DB__POOL_SIZE", "24");

        JsonObject fromEnvironment = load(file, environment, new JsonObject());
        System.setProperty("http.port", "9003");
        JsonObject fromProperty = load(file, environment, new JsonObject());
        JsonObject fromFlag = load(file, environment, new JsonObject().put("http", new JsonObject().put("port", 9004)));

        assertThat(fromEnvironment.getJsonObject("http").getValue("port")).isEqualTo(9002);
        assertThat(fromEnvironment.getJsonObject("db").getValue("poolSize")).isEqualTo(24);
        assertThat(fromProperty.getJsonObject("http").getValue("port")).isEqualTo(9003);
        assertThat(fromProperty.getJsonObject("db").getValue("poolSize")).isEqualTo(24);
        assertThat(fromFlag.getJsonObject("http").getValue("port")).isEqualTo(9004);
    }

    @Test
    void textFromTheEnvironmentAndPropertiesTakesTheTypeOfTheDefault() {
        System.setProperty("db.embedded", "false");

        JsonObject config = load(Optional.empty(), Map.of("DOMAIN_AGENTS_DB__PASSWORD", "1234",
                "DOMAIN_AGENTS_DELIVERY__RETRY__JITTER", "0.5",
                "DOMAIN_AGENTS_AGENTS__STOCK__INSTANCES", "2"), new JsonObject());

        assertThat(config.getJsonObject("db").getValue("embedded")).isEqualTo(false);
        assertThat(config.getJsonObject("db").getValue("password")).isEqualTo("1234");
        assertThat(config.getJsonObject("delivery").getJsonObject("retry").getValue("jitter")).isEqualTo(0.5);
        assertThat(config.getJsonObject("agents").getJsonObject("stock").getValue("instances")).isEqualTo(2);
    }

    @Test
    void valueOfTheWrongTypeFailsNamingTheKey() throws IOException {
        Throwable fromEnvironment = failure(Optional.empty(), Map.of("DOMAIN_AGENTS_HTTP__PORT", "eighty"));
        Throwable fromFile = failure(Optional.of(file("{\"db\": {\"embedded\": \"maybe\"}}")), Map.of());
        Throwable tooLarge = failure(Optional.of(file("{\"outbox\": {\"batchSize\": 4294967297}}")), Map.of());

        assertThat(fromEnvironment).hasMessageContaining("http.port=eighty");
        assertThat(fromFile).hasMessageContaining("db.embedded=maybe");
        assertThat(tooLarge).hasMessageContaining("outbox.batchSize=4294967297");
    }

    @Test
    void unknownKeyFailsNamingItSoATypoIsNotIgnored() throws IOException {
        Throwable inFile = failure(Optional.of(file("{\"db\": {\"pool_size\": 4}}")), Map.of());
        Throwable inEnvironment = failure(Optional.empty(), Map.of("DOMAIN_AGENTS_HTPP__PORT", "80"));
        Throwable inAgentSection = failure(Optional.of(file("{\"agents\": {\"stock\": {\"instance\": 2}}}")), Map.of());

        assertThat(inFile).hasMessageContaining("db.pool_size");
        assertThat(inEnvironment).hasMessageContaining("htpp");
        assertThat(inAgentSection).hasMessageContaining("agents.stock.instance");
    }

    @Test
    void refusalsNeverShowASecretsValue() throws IOException {
        Throwable misspeltToken = failure(Optional.of(file("{\"admin\": {\"tokn\": \"s3cret-token\"}}")), Map.of());
        Throwable tokenOfTheWrongType = failure(Optional.of(file("{\"admin\": {\"token\": [\"s3cret-token\"]}}")), Map.of());
        Throwable passwordOfTheWrongType = failure(Optional.of(file("{\"db\": {\"password\": {\"p\": \"s3cret-pw\"}}}")), Map.of());

        assertThat(misspeltToken).hasMessageContaining("admin.tokn").hasMessageNotContaining("s3cret");
        assertThat(tokenOfTheWrongType).hasMessageContaining("admin.token").hasMessageNotContaining("s3cret");
        assertThat(passwordOfTheWrongType).hasMessageContaining("db.password").hasMessageNotContaining("s3cret");
    }

    @Test
    void settingsPrintedNeverShowTheTokenOrThePassword() {
        JsonObject config = load(Optional.empty(), Map.of("DOMAIN_AGENTS_ADMIN__TOKEN", "s3cret-token",
                "DOMAIN_AGENTS_DB__PASSWORD", "s3cret-pw", "DOMAIN_AGENTS_DB__EMBEDDED", "false"), new JsonObject());
        LaunchSettings settings = LaunchSettings.from(config);

        assertThat(settings.http().adminToken()).isEqualTo("s3cret-token");
        assertThat(settings.database().external().password()).isEqualTo("s3cret-pw");
        assertThat(List.of(settings.toString(), settings.database().toString(), settings.database().external().toString(),
                settings.http().toString())).noneMatch(text -> text.contains("s3cret"));
    }

    @Test
    void systemPropertiesThatAreNoConfigurationKeyAreLeftOut() {
        System.setProperty("http.proxyHost", "proxy.example");

        JsonObject config = load(Optional.empty(), Map.of(), new JsonObject());

        assertThat(config.getJsonObject("http").fieldNames()).containsExactlyInAnyOrder("host", "port", "bodyLimitBytes", "maxCommandsInFlight", "idleTimeoutMs", "sse");
    }

    @Test
    void missingFileIsRefusedNamingTheFlag() {
        assertThat(failure(Optional.of(temp.resolve("nope.json").toString()), Map.of())).hasMessageContaining("--config");
        assertThat(failure(Optional.of("classpath:config/nope.json"), Map.of())).hasMessageContaining("--config");
    }

    @Test
    void bundledTestProfileLoadsFromTheClasspath() {
        JsonObject config = load(Optional.of("classpath:config/test.json"), Map.of(), new JsonObject());

        assertThat(config.getJsonObject("outbox").getInteger("pollIntervalMs")).isEqualTo(50);
        assertThat(config.getJsonObject("db").getInteger("port")).isZero();
        assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    }

    @Test
    void stockSeedIsAListThatALaterLayerReplacesWhole() throws IOException {
        JsonObject dev = load(Optional.empty(), Map.of(), new JsonObject());
        JsonObject test = load(Optional.of("classpath:config/test.json"), Map.of(), new JsonObject());
        JsonObject production = load(Optional.of("classpath:config/production-example.json"), Map.of(), new JsonObject());
        JsonObject own = load(Optional.of(file("{\"stock\": {\"seed\": [{\"sku\": \"MY-SKU\", \"available\": 9}]}}")),
                Map.of(), new JsonObject());

        assertThat(dev.getJsonObject("stock").getJsonArray("seed").stream().map(level -> ((JsonObject) level).getString("sku")))
                .containsExactly("SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5");
        assertThat(test.getJsonObject("stock").getJsonArray("seed")).isEmpty();
        assertThat(production.getJsonObject("stock").getJsonArray("seed")).isEmpty();
        assertThat(own.getJsonObject("stock").getJsonArray("seed")).containsExactly(
                new JsonObject().put("sku", "MY-SKU").put("available", 9));
    }

    @Test
    void environmentNamesBecomeNestedCamelCaseKeys() {
        JsonObject overrides = EnvironmentOverrides.from(Map.of(
                "DOMAIN_AGENTS_DB__POOL_SIZE", "32", "DOMAIN_AGENTS_ADMIN__TOKEN", "s3cret",
                "DOMAIN_AGENTS_AGENTS__PAYMENT__RETRY__MAX_ATTEMPTS", "8", "PATH", "/usr/bin"));

        assertThat(overrides).isEqualTo(new JsonObject()
                .put("db", new JsonObject().put("poolSize", "32"))
                .put("admin", new JsonObject().put("token", "s3cret"))
                .put("agents", new JsonObject().put("payment", new JsonObject()
                        .put("retry", new JsonObject().put("maxAttempts", "8")))));
    }

    @Test
    void benchProfileRunsTheEmbeddedDatabaseAndHttpOnFreePortsOnTheLoopback() {
        JsonObject config = load(Optional.of(InProcessPlatform.CONFIG), Map.of(), new JsonObject());

        assertThat(config.getJsonObject("db").getBoolean("embedded")).isTrue();
        assertThat(config.getJsonObject("db").getInteger("port")).isZero();
        assertThat(config.getJsonObject("http").getInteger("port")).isZero();
        assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    }

    private JsonObject load(Optional<String> file, Map<String, String> environment, JsonObject flags) {
        return await(ConfigLoader.load(vertx, file, environment, flags));
    }

    private Throwable failure(Optional<String> file, Map<String, String> environment) {
        return awaitFailure(ConfigLoader.load(vertx, file, environment, new JsonObject()));
    }

    private String file(String json) throws IOException {
        Path file = temp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return file.toString();
    }
}
