package dev.domainagents.core.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the bridge's topics that do not exist yet, with the broker's default partitions and
 * replication, before a client uses them. Many production clusters do not create topics on first
 * use ({@code auto.create.topics.enable=false}), and a consumer subscribed to a topic that does not
 * exist yet gets no partition until a later metadata refresh finds it. A topic that exists is left
 * as it is. A broker that refuses to create one (no permission, a policy) is logged once, and the
 * topic is taken as its operators' to provision.
 */
final class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaTopics() {
    }

    /** Completes once each topic exists or its creation was refused; fails when the broker could not be asked in time. */
    static Future<Void> ensure(Vertx vertx, KafkaSettings settings, Collection<String> topics) {
        return vertx.executeBlocking(() -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrapServers(),
                    "request.timeout.ms", (int) TIMEOUT.toMillis() / 2, "default.api.timeout.ms", (int) TIMEOUT.toMillis()))) {
                Map<String, KafkaFuture<Void>> created = admin.createTopics(topics.stream()
                        .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList()).values();
                for (Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
                    awaitCreated(topic.getKey(), topic.getValue());
                }
            }
            return null;
        }, false);
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> creation) throws InterruptedException, TimeoutException {
        try {
            creation.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("kafka.topic.created topic={}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("kafka.topic.not_created topic={} reason={}", topic, e.getCause().toString());
            }
        }
    }
}
