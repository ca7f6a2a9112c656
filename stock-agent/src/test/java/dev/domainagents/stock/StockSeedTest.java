package dev.domainagents.stock;

import dev.domainagents.core.config.Settings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockSeedTest {
    private static final String[] JSON = {"Content-Type", "application/json"};

    private TestPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void startingTheAgentSeedsTheConfiguredSkusWithTheirLevels() {
        platform = TestPlatform.start(withSeed(seed("SKU-A", 100), seed("SKU-B", 7)), List.of());
        platform.deploy(new StockAgent(platform.runtime()));
        HttpClientForTests http = new HttpClientForTests(platform.serveHttp(List.of(new StockModule()), null));

        Response a = http.get("/stock/SKU-A");
        Response b = http.get("/stock/SKU-B");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).isEqualTo(new JsonObject().put("sku", "SKU-A").put("available", 100).put("reserved", 0));
        assertThat(b.json().getInteger("available")).isEqualTo(7);
        Row event = platform.query("SELECT version, type, metadata FROM events WHERE stream_id = 'stock-SKU-A'").get(0);
        assertThat(event.getLong("version")).isEqualTo(1);
        assertThat(event.getString("type")).isEqualTo("stock.level-set");
        assertThat(event.getJsonObject("metadata").getString("correlationId")).isEqualTo("stock-seed-SKU-A");
        assertThat(event.getJsonObject("metadata").getString("causationId")).isNotBlank();
    }

    @Test
    void restartNeverOverwritesALevelSetSinceTheSeed() {
        platform = TestPlatform.start(withSeed(seed("SKU-A", 100)), List.of());
        String first = platform.deploy(new StockAgent(platform.runtime()));
        HttpClientForTests http = new HttpClientForTests(platform.serveHttp(List.of(new StockModule()), null));
        assertThat(http.put("/stock/SKU-A", "{\"available\": 3}", JSON).status()).isEqualTo(200);

        platform.undeploy(first);
        platform.deploy(new StockAgent(platform.runtime()));

        assertThat(http.get("/stock/SKU-A").json().getInteger("available")).isEqualTo(3);
        assertThat(platform.query("SELECT (payload->>'available')::int FROM events WHERE stream_id = 'stock-SKU-A' ORDER BY version"))
                .extracting(row -> row.getInteger(0)).containsExactly(100, 3);
    }

    @Test
    void skuThatExistsBeforeTheFirstStartIsLeftAsItIs() {
        platform = TestPlatform.start(withSeed(seed("SKU-A", 100), seed("SKU-B", 5)), List.of());
        await(new StockSeed(List.of(new StockSeed.Level("SKU-A", 0))).plant(platform.runtime()));

        platform.deploy(new StockAgent(platform.runtime()));

        assertThat(platform.query("SELECT stream_id, (payload->>'available')::int FROM events ORDER BY stream_id"))
                .extracting(row -> row.getString(0) + "=" + row.getInteger(1))
                .containsExactly("stock-SKU-A=0", "stock-SKU-B=5");
    }

    @Test
    void concurrentSeedersAppendExactlyOneLevelPerSku() {
        platform = TestPlatform.start();
        List<StockSeed.Level> levels = IntStream.range(0, 30).mapToObj(i -> new StockSeed.Level("RACE-" + i, i)).toList();

        List<Integer> seeded = await(Future.all(IntStream.range(0, 4)
                .mapToObj(seeder -> new StockSeed(levels).plant(platform.runtime())).toList())).list();

        assertThat(seeded.stream().mapToInt(Integer::intValue).sum()).isEqualTo(levels.size());
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'stock.level-set'")).isEqualTo(levels.size());
        assertThat(platform.query("SELECT stream_id FROM events WHERE version = 1"))
                .extracting(row -> row.getString(0))
                .containsExactlyInAnyOrderElementsOf(levels.stream().map(level -> "stock-" + level.sku()).toList());
        assertThat(platform.count("SELECT count(*) FROM events WHERE version > 1")).isZero();
    }

    @Test
    void emptySeedOfTheTestConfigurationSeedsNothing() {
        platform = TestPlatform.start();

        platform.deploy(new StockAgent(platform.runtime()));

        assertThat(platform.count("SELECT count(*) FROM events")).isZero();
    }

    @Test
    void invalidSeedFailsNamingTheEntry() {
        assertThatThrownBy(() -> StockSeed.fromConfig(withSeed(seed("SKU-A", 1), seed("SKU-B", -1))))
                .isInstanceOf(Settings.InvalidSetting.class).hasMessageContaining("stock.seed[1].available=-1");
        assertThatThrownBy(() -> StockSeed.fromConfig(withSeed(seed("no spaces", 1))))
                .hasMessageContaining("stock.seed[0].sku=no spaces");
        assertThatThrownBy(() -> StockSeed.fromConfig(withSeed(seed("SKU-A", 1), seed("SKU-A", 2))))
                .hasMessageContaining("stock.seed[1].sku=SKU-A");
        assertThatThrownBy(() -> StockSeed.fromConfig(new JsonObject().put("stock", new JsonObject()
                .put("seed", new JsonObject().put("SKU-A", 1))))).hasMessageContaining("stock.seed=");
    }

    private static JsonObject seed(String sku, int available) {
        return new JsonObject().put("sku", sku).put("available", available);
    }

    private static JsonObject withSeed(JsonObject... levels) {
        return TestPlatform.testConfig().put("stock", new JsonObject().put("seed", new JsonArray(List.of((Object[]) levels))));
    }
}
