package dev.domainagents.launcher;

import dev.domainagents.core.agent.DeliverySettings;
import dev.domainagents.core.chaos.ChaosSettings;
import dev.domainagents.core.delivery.BreakerSettings;
import dev.domainagents.core.http.HttpSettings;
import dev.domainagents.core.kafka.KafkaSettings;
import dev.domainagents.core.outbox.OutboxSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchSettingsTest {
    private static JsonObject profile(String name) {
        return ConfigLoader.classpathJson("config/" + name + ".json").orElseThrow();
    }

    private static JsonObject dev() {
        return profile("dev");
    }

    @Test
    void devDefaultsAreTheCoreDefaults() {
        JsonObject dev = dev();

        assertThat(OutboxSettings.fromJson(dev.getJsonObject("outbox"))).isEqualTo(OutboxSettings.fromJson(new JsonObject()));
        assertThat(BreakerSettings.fromJson(dev.getJsonObject("breaker"))).isEqualTo(BreakerSettings.fromJson(new JsonObject()));
        assertThat(HttpSettings.fromJson(dev)).isEqualTo(HttpSettings.fromJson(new JsonObject()));
        DeliverySettings fromDev = DeliverySettings.fromJson(dev);
        DeliverySettings core = DeliverySettings.fromJson(new JsonObject());
        assertThat(fromDev.defaultRetry()).isEqualTo(core.defaultRetry());
        assertThat(fromDev.subscriptions()).isEqualTo(core.subscriptions());
        assertThat(KafkaSettings.fromJson(dev)).isEqualTo(KafkaSettings.fromJson(new JsonObject()));
    }

    @Test
    void everyBundledProfileIsValidOnceItsPlaceholderTokenIsReplaced() {
        for (String name : new String[] {"dev", "test", "cluster", "production-example"}) {
            JsonObject config = dev().mergeIn(profile(name), true);
            config.getJsonObject("admin").put("token", "s3cret");

            assertThat(LaunchSettings.from(config).http().adminToken()).as(name).isEqualTo("s3cret");
        }
    }

    @Test
    void chaosIsOffInEveryBundledProfileAndOnOnlyWhenAsked() {
        for (String name : new String[] {"dev", "test", "bench", "cluster", "production-example"}) {
            assertThat(ChaosSettings.fromJson(dev().mergeIn(profile(name), true))).as(name).isEqualTo(ChaosSettings.OFF);
        }
        JsonObject chaos = dev().put("chaos", new JsonObject().put("duplicateDelivery", true).put("reorderWindowMs", 20));

        assertThat(LaunchSettings.from(dev()).chaos().enabled()).isFalse();
        assertThat(LaunchSettings.from(chaos).chaos()).isEqualTo(new ChaosSettings(true, java.time.Duration.ofMillis(20)));
    }

    @Test
    void eventLoopsDefaultToOnePerTwoCoresAndANegativeCountIsRefused() {
        int expected = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

        assertThat(LaunchSettings.from(dev()).eventLoops()).isEqualTo(expected);
        assertThat(LaunchSettings.from(dev().put("node", new JsonObject().put("eventLoops", 3))).eventLoops()).isEqualTo(3);
        assertThatThrownBy(() -> LaunchSettings.from(dev().put("node", new JsonObject().put("eventLoops", -1))))
                .hasMessageContaining("node.eventLoops");
    }

    @Test
    void withoutATokenTheDevLaunchListensOnTheLoopbackOnly() {
        assertThat(LaunchSettings.from(dev()).http().host()).isEqualTo("127.0.0.1");
        assertThat(LaunchSettings.from(dev()).http().adminToken()).isNull();
        for (String host : new String[] {"localhost", "127.0.0.2", "::1", "[::1]"}) {
            assertThat(LaunchSettings.from(dev().put("http", new JsonObject().put("host", host))).http().host()).isEqualTo(host);
        }
    }

    @Test
    void aNonLoopbackHostWithoutATokenIsRefusedInOneLineNamingAdminToken() {
        for (String host : new String[] {"0.0.0.0", "::", "10.1.2.3", "api.example.com"}) {
            assertThatThrownBy(() -> LaunchSettings.from(dev().put("http", new JsonObject().put("host", host))))
                    .as(host).hasMessageContaining("admin.token").hasMessageContaining("loopback").hasMessageContaining(host)
                    .hasMessageNotContaining("\n");
        }
        JsonObject withToken = dev().put("http", new JsonObject().put("host", "0.0.0.0")).put("admin", new JsonObject().put("token", "s3cret"));
        assertThat(LaunchSettings.from(withToken).http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void aClusterNodeWithoutATokenIsRefusedEvenOnTheLoopback() {
        JsonObject cluster = dev().put("cluster", dev().getJsonObject("cluster").put("enabled", true));

        assertThatThrownBy(() -> LaunchSettings.from(cluster))
                .hasMessageContaining("admin.token").hasMessageContaining("cluster").hasMessageNotContaining("\n");
        assertThat(LaunchSettings.from(cluster.put("admin", new JsonObject().put("token", "s3cret"))).cluster().enabled()).isTrue();
    }

    @Test
    void productionExampleWithItsPlaceholderTokenIsRefused() {
        JsonObject production = dev().mergeIn(profile("production-example"), true);

        assertThatThrownBy(() -> LaunchSettings.from(production))
                .hasMessageContaining("admin.token").hasMessageContaining("placeholder");
    }

    @Test
    void outOfRangeValuesFailNamingTheirFullKey() {
        JsonObject zeroAttempts = dev().put("delivery", new JsonObject().put("retry", new JsonObject().put("maxAttempts", 0)));
        JsonObject zeroInstances = dev().put("agents", new JsonObject().put("stock", new JsonObject().put("instances", 0)));
        JsonObject badBatch = dev().put("outbox", new JsonObject().put("batchSize", 0));
        JsonObject negativeWindow = dev().put("chaos", new JsonObject().put("reorderWindowMs", -5));

        assertThatThrownBy(() -> LaunchSettings.from(zeroAttempts)).hasMessageContaining("delivery.retry.maxAttempts=0");
        assertThatThrownBy(() -> LaunchSettings.from(zeroInstances)).hasMessageContaining("agents.stock.instances=0");
        assertThatThrownBy(() -> LaunchSettings.from(badBatch)).hasMessageContaining("outbox.batchSize=0");
        assertThatThrownBy(() -> LaunchSettings.from(negativeWindow)).hasMessageContaining("chaos.reorderWindowMs=-5");
    }

    @Test
    void embeddedDatabaseMayPickAFreePortButAnExternalOneNeedsItsPort() {
        JsonObject embedded = dev().put("db", dev().getJsonObject("db").put("port", 0));
        JsonObject external = dev().put("db", dev().getJsonObject("db").put("embedded", false).put("port", 0));

        assertThat(LaunchSettings.from(embedded).database().port()).isZero();
        assertThatThrownBy(() -> LaunchSettings.from(external)).hasMessageContaining("db.port=0");
    }

    @Test
    void clusterIsOffByDefaultAndItsMembersAreHostPortPairs() {
        JsonObject cluster = dev().put("cluster", dev().getJsonObject("cluster").put("enabled", true)
                .put("members", " 127.0.0.1:5701, node-b:5702 ,")).put("admin", new JsonObject().put("token", "s3cret"));

        assertThat(LaunchSettings.from(dev()).cluster().enabled()).isFalse();
        assertThat(LaunchSettings.from(cluster).cluster()).isEqualTo(new ClusterSettings(true, "127.0.0.1", 5701,
                java.util.List.of(new ClusterSettings.Member("127.0.0.1", 5701), new ClusterSettings.Member("node-b", 5702))));
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:", ":5701", "127.0.0.1:70000", "127.0.0.1:port"}) {
            JsonObject malformed = dev().put("cluster", new JsonObject().put("members", bad));
            assertThatThrownBy(() -> LaunchSettings.from(malformed)).as(bad).hasMessageContaining("cluster.members");
        }
        assertThatThrownBy(() -> LaunchSettings.from(dev().put("cluster", new JsonObject().put("port", 0))))
                .hasMessageContaining("cluster.port=0");
    }

    @Test
    void kafkaIsOffByDefaultAndEitherEmbeddedOrExternal() {
        JsonObject both = dev().put("kafka", dev().getJsonObject("kafka").put("embedded", true).put("bootstrapServers", "kafka:9092"));
        JsonObject sameTopics = dev().put("kafka", dev().getJsonObject("kafka").put("commands",
                new JsonObject().put("topic", "t").put("deadLetterTopic", "t").put("groupId", "g")));

        assertThat(LaunchSettings.from(dev()).kafka().configured()).isFalse();
        assertThat(LaunchSettings.from(dev()).kafka().embedded()).isFalse();
        assertThatThrownBy(() -> LaunchSettings.from(both)).hasMessageContaining("kafka.embedded=true");
        assertThatThrownBy(() -> LaunchSettings.from(sameTopics)).hasMessageContaining("kafka.commands.deadLetterTopic=t");
    }
}
