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

    /** Whether the value of {@code key} is a secret that no message or log line may show. */
    private static boolean isSecret(String key) {
        String name = key.substring(key.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return name.contains("token") || name.contains("password") || name.contains("secret");
    }

    /** Reads a settings section, naming the section's path in front of any invalid key it reports. */
    public static <T> T within(String section, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidSetting e) {
            throw new InvalidSetting(section + "." + e.key, e.value, e.expectation);
        }
    }

    /**
     * A configuration value out of range; the message names the key, the value and what was
     * expected, except the value of a secret ({@code admin.token}, {@code db.password}: a key
     * naming a token, password or secret), since start-up failures are logged.
     */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final String key;
        private final transient Object value;
        private final String expectation;

        public InvalidSetting(String key, Object value, String expectation) {
            super("invalid configuration " + key + "=" + (isSecret(key) ? "(secret, not shown)" : value) + ": expected " + expectation);
            this.key = key;
            this.value = value;
            this.expectation = expectation;
        }
    }
}
