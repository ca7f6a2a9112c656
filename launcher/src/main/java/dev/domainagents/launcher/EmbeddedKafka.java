package dev.domainagents.launcher;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The dev launch's Kafka: a real single-node KRaft broker (broker and controller in one) from
 * {@code org.apache.kafka:kafka_2.13}, listening on loopback, its log under a directory of its
 * own that survives restarts (formatted once, on first use). It creates no topic on first use,
 * as many production clusters do not: the bridge creates the topics it uses, and they get
 * {@link #PARTITIONS} partitions. {@link #stop} and {@link #start} take it down and up
 * again on the same port and data, as an outage would. Starting and stopping block: call them
 * off the event loops.
 */
final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    static final int PARTITIONS = 4;
    private static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on {@code port} (0: a free one) with its log under {@code dataDir}. */
    static EmbeddedKafka start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir.toAbsolutePath(), port > 0 ? port : freePort(), freePort());
        kafka.start();
        return kafka;
    }

    /** {@code host:port} for clients. */
    String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Starts the broker again after {@link #stop}, on the same port and data. */
    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        Properties properties = properties();
        format(properties);
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            started.awaitShutdown();
            throw new IOException("the embedded Kafka broker did not start on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
        server = started;
        LOG.info("kafka.embedded.started bootstrapServers={} dataDir={}", bootstrapServers(), dataDir);
    }

    /** Stops the broker, keeping its data. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("kafka.embedded.stopped bootstrapServers={}", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        properties.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        properties.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.setProperty("log.dirs", dataDir.toString());
        properties.setProperty("num.partitions", String.valueOf(PARTITIONS));
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("offsets.topic.num.partitions", "4");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        // like a locked-down production cluster: the bridge creates the topics it uses (KafkaTopics)
        properties.setProperty("auto.create.topics.enable", "false");
        return properties;
    }

    /** Writes the log directory's identity on first use; a formatted directory is kept as it is. */
    private void format(Properties properties) throws IOException {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        Path file = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "embedded Kafka broker of this data directory");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[]{"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", file.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IOException("cannot format the embedded Kafka's log directory " + dataDir + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        }
    }
}
