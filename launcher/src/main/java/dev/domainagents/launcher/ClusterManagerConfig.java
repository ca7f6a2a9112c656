package dev.domainagents.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * The Hazelcast configuration of a clustered node, built in code from {@link ClusterSettings}
 * over the maps vertx-hazelcast needs ({@code default-cluster.xml}): members found only through
 * the TCP/IP list (no multicast, no cloud auto-detection), listening and bound on the cluster
 * host, on exactly the configured port (no auto-increment: the member list must be right).
 */
final class ClusterManagerConfig {
    /** Keeps members of other Hazelcast clusters on the same network out of ours. */
    static final String CLUSTER_NAME = "domain-agents";

    private ClusterManagerConfig() {
    }

    static Config hazelcast(ClusterSettings cluster) {
        Config config = ConfigUtil.loadConfig().setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // the node's own shutdown hook leaves the cluster after its agents stopped; Hazelcast's would leave first
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig()
                .setPort(cluster.port())
                .setPortAutoIncrement(false)
                .setPublicAddress(cluster.host() + ":" + cluster.port());
        network.getInterfaces().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members().stream().map(Object::toString).toList());
        config.setProperty("hazelcast.local.localAddress", cluster.host());
        return config;
    }
}
