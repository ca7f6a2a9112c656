package dev.domainagents.core.delivery;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * How long the inbox remembers a handled message (config {@code inbox}): the window in which a
 * copy is recognised as one. Senders resend within seconds or minutes (the outbox's capped
 * delay), so the default of seven days leaves a wide margin; the pruner never forgets a message
 * that a sender may still resend or that lies in the dead letters, whatever its age.
 */
public record InboxSettings(Duration retention, Duration pruneInterval) {

    public InboxSettings {
        Settings.require(retention.toHours() >= 1, "inbox.retentionHours", retention.toHours(), "at least 1");
        Settings.require(pruneInterval.toMillis() >= 1, "inbox.pruneIntervalMs", pruneInterval.toMillis(), "positive");
    }

    public static InboxSettings fromJson(JsonObject config) {
        JsonObject inbox = config.getJsonObject("inbox", new JsonObject());
        return new InboxSettings(Duration.ofHours(inbox.getLong("retentionHours", 168L)),
                Duration.ofMillis(inbox.getLong("pruneIntervalMs", 60_000L)));
    }
}
