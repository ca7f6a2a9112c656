package dev.domainagents.launcher;

import dev.domainagents.core.config.Settings;
import dev.domainagents.core.store.PgSettings;
import io.vertx.core.json.JsonObject;

/**
 * Where a node's PostgreSQL is. With {@code db.embedded} the node starts its own server on
 * {@code db.port} (0: any free port), reached on the loopback as the superuser
 * {@code postgres}, and creates {@code db.database} in it if missing; otherwise
 * {@code db.host}, {@code db.port}, {@code db.user} and {@code db.password} name an
 * external server. {@code db.poolSize} applies to both.
 */
record DatabaseSettings(boolean embedded, int port, JsonObject db) {
    static final String EMBEDDED_HOST = "127.0.0.1";
    static final String EMBEDDED_USER = "postgres";

    static DatabaseSettings fromJson(JsonObject db) {
        boolean embedded = db.getBoolean("embedded", false);
        int port = db.getInteger("port", 5432);
        Settings.require(port >= (embedded ? 0 : 1) && port < 65536, "db.port", port,
                embedded ? "a TCP port (0 picks a free one)" : "a TCP port");
        DatabaseSettings settings = new DatabaseSettings(embedded, port, db.copy());
        settings.listeningOn(port == 0 ? 1 : port); // fails now, naming the key, on a bad host or pool size
        return settings;
    }

    /** How to connect once the server listens on {@code actualPort}. */
    PgSettings listeningOn(int actualPort) {
        JsonObject connect = db.copy().put("port", actualPort);
        if (embedded) {
            connect.put("host", EMBEDDED_HOST).put("user", EMBEDDED_USER);
        }
        return PgSettings.fromJson(connect);
    }

    /** The external server's settings; only meaningful when not {@link #embedded}. */
    PgSettings external() {
        return listeningOn(port);
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "DatabaseSettings[embedded=" + embedded + ", port=" + port + ", database=" + database() + "]";
    }

    String database() {
        return db.getString("database", "postgres");
    }
}
