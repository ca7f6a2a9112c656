package dev.domainagents.launcher;

import dev.domainagents.core.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Kafka a node's bridge works with: an embedded broker the node started itself, an
 * external cluster, or none (the bridge is off, and the start says so once).
 */
final class NodeKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKafka.class);

    private final KafkaSettings settings;
    private final Optional<EmbeddedKafka> embedded;

    private NodeKafka(KafkaSettings settings, Optional<EmbeddedKafka> embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    /** Starts the embedded broker, with its data under {@code dataDir/kafka}, if asked. Blocks while it starts: call it on a worker thread. */
    static NodeKafka open(KafkaSettings kafka, Path dataDir) throws IOException {
        if (kafka.embedded()) {
            EmbeddedKafka broker = EmbeddedKafka.start(dataDir.resolve("kafka"), kafka.embeddedPort());
            return new NodeKafka(kafka.withBootstrapServers(broker.bootstrapServers()), Optional.of(broker));
        }
        if (kafka.configured()) {
            LOG.info("kafka.external bootstrapServers={}", kafka.bootstrapServers());
        } else {
            LOG.info("kafka.bridge.off reason=\"neither kafka.bootstrapServers nor kafka.embedded (--kafka-embedded) is set\"");
        }
        return new NodeKafka(kafka, Optional.empty());
    }

    /** The bridge's settings, naming the embedded broker if there is one. */
    KafkaSettings settings() {
        return settings;
    }

    Optional<EmbeddedKafka> embedded() {
        return embedded;
    }

    /** Stops the embedded broker, if this node started one; blocks. */
    @Override
    public void close() {
        embedded.ifPresent(EmbeddedKafka::close);
    }
}
