package dev.domainagents.core.kafka;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code kafka} section: where the brokers are ({@code bootstrapServers}, or an embedded
 * broker the launcher starts: {@code embedded}, {@code embeddedPort}), the topics events go to
 * ({@code topicPrefix}, one topic per aggregate type, and {@code events.types}: the event types
 * published, none named meaning all), the commands topic with its dead-letter topic and
 * consumer group, and how long the producer keeps trying one record before the send fails
 * ({@code deliveryTimeoutMs}; the relay then retries it, it never drops it).
 */
public record KafkaSettings(String bootstrapServers, boolean embedded, int embeddedPort, String topicPrefix,
                            Set<String> eventTypes, String commandsTopic, String deadLetterTopic, String commandsGroup,
                            Duration deliveryTimeout) {
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public KafkaSettings {
        eventTypes = Set.copyOf(eventTypes);
        Settings.require(!(embedded && !bootstrapServers.isBlank()), "kafka.embedded", embedded,
                "false when kafka.bootstrapServers names a cluster (choose one)");
        Settings.require(embeddedPort >= 0 && embeddedPort <= 65535, "kafka.embeddedPort", embeddedPort, "a TCP port (0: a free one)");
        Settings.require(TOPIC.matcher(topicPrefix).matches(), "kafka.topicPrefix", topicPrefix, "1-200 of letters, digits, '.', '_', '-'");
        Settings.require(TOPIC.matcher(commandsTopic).matches(), "kafka.commands.topic", commandsTopic, "a topic name");
        Settings.require(TOPIC.matcher(deadLetterTopic).matches() && !deadLetterTopic.equals(commandsTopic),
                "kafka.commands.deadLetterTopic", deadLetterTopic, "a topic name other than kafka.commands.topic");
        Settings.require(!commandsGroup.isBlank(), "kafka.commands.groupId", commandsGroup, "a consumer group id");
        Settings.require(deliveryTimeout.toMillis() >= 1_000, "kafka.deliveryTimeoutMs", deliveryTimeout.toMillis(), "at least 1000");
    }

    public static KafkaSettings fromJson(JsonObject config) {
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject events = kafka.getJsonObject("events", new JsonObject());
        JsonObject commands = kafka.getJsonObject("commands", new JsonObject());
        Set<String> types = new LinkedHashSet<>();
        for (Object type : events.getJsonArray("types", new JsonArray())) {
            Settings.require(type instanceof String name && !name.isBlank(), "kafka.events.types", type, "event type names");
            types.add((String) type);
        }
        return new KafkaSettings(kafka.getString("bootstrapServers", "").trim(), kafka.getBoolean("embedded", false),
                kafka.getInteger("embeddedPort", 9092), kafka.getString("topicPrefix", "domain-agents"), types,
                commands.getString("topic", "domain-agents.commands"),
                commands.getString("deadLetterTopic", "domain-agents.commands.dead-letters"),
                commands.getString("groupId", "domain-agents-commands"),
                Duration.ofMillis(kafka.getLong("deliveryTimeoutMs", 30_000L)));
    }

    /** Whether the bridge runs: a cluster is named (the launcher names its embedded broker here once started). */
    public boolean configured() {
        return !bootstrapServers.isBlank();
    }

    /** These settings pointing at {@code servers}, e.g. the embedded broker once it listens. */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, false, embeddedPort, topicPrefix, eventTypes, commandsTopic, deadLetterTopic,
                commandsGroup, deliveryTimeout);
    }

    /** The topic of an event type's aggregate: {@code order.placed} goes to {@code <prefix>.order}. */
    public String topicOf(String eventType) {
        int dot = eventType.indexOf('.');
        return topicPrefix + "." + (dot > 0 ? eventType.substring(0, dot) : eventType);
    }
}
