package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.PgSettings;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The PostgreSQL a run used, as the running server reports it: its version and the settings
 * that decide what a commit costs ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}: the launcher's embedded server runs with all three on).
 */
record PostgresFacts(String where, String version, Map<String, String> settings) {
    static final List<String> DURABILITY = List.of("fsync", "synchronous_commit", "full_page_writes");

    PostgresFacts {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    static Future<PostgresFacts> read(Pool pool, PgSettings database) {
        // the names are bound parameters; only their placeholders, $1 to $n, are written into the SQL
        String placeholders = IntStream.rangeClosed(1, DURABILITY.size()).mapToObj(i -> "current_setting($" + i + ")")
                .collect(Collectors.joining(", "));
        return pool.preparedQuery("SELECT current_setting('server_version'), " + placeholders)
                .execute(Tuple.from(DURABILITY)).map(rows -> {
            Row row = rows.iterator().next();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < DURABILITY.size(); i++) {
                values.put(DURABILITY.get(i), row.getString(i + 1));
            }
            return new PostgresFacts(database.host() + ":" + database.port() + "/" + database.database(),
                    row.getString(0), values);
        });
    }
}
