package dev.domainagents.core.config;

/** Validation of settings read at start-up: fail fast, naming the key and the bad value. */
public final class Settings {
    private Settings() {
    }

    public static void require(boolean valid, String key, Object value, String expectation) {
        if (!valid) {
            throw new InvalidSetting(key, value, expectation);
        }
    }

    /** A configuration value out of range; the message names the key, the value and what was expected. */
    public static final class InvalidSetting extends IllegalArgumentException {
        InvalidSetting(String key, Object value, String expectation) {
            super("invalid configuration " + key + "=" + value + ": expected " + expectation);
        }
    }
}
