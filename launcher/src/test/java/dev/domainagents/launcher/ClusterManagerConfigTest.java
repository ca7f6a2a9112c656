package dev.domainagents.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterManagerConfigTest {
    private final ClusterSettings cluster = new ClusterSettings(true, "10.0.0.5", 5702,
            List.of(new ClusterSettings.Member("10.0.0.4", 5701), new ClusterSettings.Member("10.0.0.5", 5702)));

    @Test
    void membersAreFoundOnlyThroughTheConfiguredList() {
        JoinConfig join = ClusterManagerConfig.hazelcast(cluster).getNetworkConfig().getJoin();

        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.4:5701", "10.0.0.5:5702");
    }

    @Test
    void theMemberListensOnExactlyTheClusterHostAndPort() {
        Config config = ClusterManagerConfig.hazelcast(cluster);

        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5702);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.0.0.5:5702");
        assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.0.0.5");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void keepsVertxMapsPhonesNoOneAndLeavesShutdownToTheNode() {
        Config config = ClusterManagerConfig.hazelcast(cluster);

        assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
        assertThat(config.getClusterName()).isEqualTo(ClusterManagerConfig.CLUSTER_NAME);
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    }
}
