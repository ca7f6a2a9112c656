package dev.domainagents.stock;

import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StockRoutesTest {
    private static final String[] JSON = {"Content-Type", "application/json"};
    private static TestPlatform platform;
    private static HttpClientForTests http;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        platform.deploy(new StockAgent(platform.runtime()));
        http = new HttpClientForTests(platform.serveHttp(List.of(new StockModule()), null));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void putSetsTheLevelAndGetShowsIt() {
        Response put = http.put("/stock/SKU-PUT", "{\"available\": 100}", JSON);
        Response get = http.get("/stock/SKU-PUT");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().getMap()).containsEntry("sku", "SKU-PUT").containsEntry("available", 100).containsEntry("reserved", 0);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json()).isEqualTo(put.json());
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'stock-SKU-PUT' AND type = 'stock.level-set'")).isEqualTo(1);
    }

    @Test
    void unknownSkuIsNotFound() {
        Response get = http.get("/stock/NEVER-SET");

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().getString("error")).isEqualTo("not_found");
    }

    @Test
    void invalidLevelIsRefusedWithDetailsAndStoresNothing() {
        Response negative = http.put("/stock/SKU-BAD", "{\"available\": -1}", JSON);
        Response text = http.put("/stock/SKU-BAD", "{\"available\": \"many\"}", JSON);
        Response fraction = http.put("/stock/SKU-BAD", "{\"available\": 1.5}", JSON);

        for (Response response : List.of(negative, text, fraction)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().getString("error")).isEqualTo("validation_failed");
            assertThat(response.json().getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("available");
        }
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'stock-SKU-BAD'")).isZero();
    }

    @Test
    void malformedJsonAndWrongContentTypeAreRefused() {
        Response malformed = http.put("/stock/SKU-X", "{\"available\": ", JSON);
        Response notJson = http.put("/stock/SKU-X", "available=3", "Content-Type", "text/plain");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getString("error")).isEqualTo("malformed_json");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 'stock-SKU-X'")).isZero();
    }
}
