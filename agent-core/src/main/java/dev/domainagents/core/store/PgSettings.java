package dev.domainagents.core.store;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

/** Where PostgreSQL is and how many connections a process keeps to it. */
public record PgSettings(String host, int port, String database, String user, String password, int poolSize) {

    public PgSettings {
        Settings.require(host != null && !host.isBlank(), "db.host", host, "a host name");
        Settings.require(port > 0 && port < 65536, "db.port", port, "a TCP port");
        Settings.require(poolSize >= 1, "db.poolSize", poolSize, "at least 1");
    }

    public static PgSettings fromJson(JsonObject db) {
        return new PgSettings(
                db.getString("host", "127.0.0.1"),
                db.getInteger("port", 5432),
                db.getString("database", "postgres"),
                db.getString("user", "postgres"),
                db.getString("password", "postgres"),
                db.getInteger("poolSize", 16));
    }

    public PgSettings withPort(int newPort) {
        return new PgSettings(host, newPort, database, user, password, poolSize);
    }

    public PgSettings withDatabase(String newDatabase) {
        return new PgSettings(host, port, newDatabase, user, password, poolSize);
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "PgSettings[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
                + ", password=***, poolSize=" + poolSize + "]";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
