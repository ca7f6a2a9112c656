package dev.domainagents.core.chaos;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code chaos} section: faults the event bus injects on purpose ({@link ChaosDelivery}), for
 * tests and chaos runs only. Off unless configured, and off in every bundled profile.
 * <ul>
 *   <li>{@code chaos.duplicateDelivery} ({@code false}): every message sent or published is
 *       delivered twice (replies are not copied, see {@link ChaosDelivery}).</li>
 *   <li>{@code chaos.reorderWindowMs} ({@code 0}): every message, copies and replies included,
 *       is held back a random 0 to that many milliseconds before the bus delivers it, so messages
 *       sent within the window arrive in any order. At most {@value #MAX_WINDOW_MS}: longer would
 *       only run into reply timeouts.</li>
 * </ul>
 */
public record ChaosSettings(boolean duplicateDelivery, Duration reorderWindow) {
    public static final ChaosSettings OFF = new ChaosSettings(false, Duration.ZERO);
    static final long MAX_WINDOW_MS = 1_000;

    public ChaosSettings {
        Settings.require(!reorderWindow.isNegative() && reorderWindow.toMillis() <= MAX_WINDOW_MS, "chaos.reorderWindowMs",
                reorderWindow.toMillis(), "0 (no reordering) to " + MAX_WINDOW_MS);
    }

    /** The {@code chaos} section of {@code config}; none means off. */
    public static ChaosSettings fromJson(JsonObject config) {
        JsonObject chaos = config.getJsonObject("chaos", new JsonObject());
        return new ChaosSettings(chaos.getBoolean("duplicateDelivery", false),
                Duration.ofMillis(chaos.getLong("reorderWindowMs", 0L)));
    }

    /** Whether the bus misbehaves at all. */
    public boolean enabled() {
        return duplicateDelivery || !reorderWindow.isZero();
    }
}
