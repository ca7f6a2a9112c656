package dev.domainagents.launcher;

import dev.domainagents.core.config.Settings;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration once, at start-up, with vertx-config. Layers, each overriding the
 * one before, key by key: {@code config/dev.json} from the classpath (the defaults), the file
 * given with {@code --config}, environment variables ({@link EnvironmentOverrides}), then
 * system properties with dotted keys ({@code -Ddb.port=5433}). System properties whose first
 * segment is not a configuration section (java.*, user.*, ...) are left out.
 */
final class ConfigLoader {
    static final String DEFAULTS = "config/dev.json";
    static final String TOKEN_PLACEHOLDER = "change-me";

    private ConfigLoader() {
    }

    static Future<JsonObject> load(Vertx vertx, Optional<Path> file, Map<String, String> environment) {
        if (file.isPresent() && !Files.isReadable(file.get())) {
            return Future.failedFuture(new Settings.InvalidSetting("--config", file.get(), "a readable JSON file"));
        }
        ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1)
                .addStore(jsonFile(DEFAULTS));
        file.ifPresent(path -> options.addStore(jsonFile(path.toAbsolutePath().toString())));
        options.addStore(new ConfigStoreOptions().setType("json").setConfig(EnvironmentOverrides.from(environment)));
        options.addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("hierarchical", true)));
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
                .onComplete(done -> retriever.close())
                .map(ConfigLoader::withoutForeignSections)
                .compose(ConfigLoader::validated);
    }

    private static ConfigStoreOptions jsonFile(String path) {
        return new ConfigStoreOptions().setType("file").setFormat("json").setConfig(new JsonObject().put("path", path));
    }

    /** Keeps only the sections the defaults define (drops java.*, os.*, ... from system properties). */
    private static JsonObject withoutForeignSections(JsonObject merged) {
        JsonObject defaults = new JsonObject(readDefaults());
        JsonObject config = new JsonObject();
        merged.forEach(entry -> {
            if (defaults.containsKey(entry.getKey())) {
                config.put(entry.getKey(), entry.getValue());
            }
        });
        return config;
    }

    private static Future<JsonObject> validated(JsonObject config) {
        String token = config.getJsonObject("admin", new JsonObject()).getString("token");
        if (TOKEN_PLACEHOLDER.equals(token)) {
            return Future.failedFuture(new Settings.InvalidSetting("admin.token", "<placeholder>",
                    "a secret of your own (set DOMAIN_AGENTS_ADMIN__TOKEN), not the example's placeholder"));
        }
        return Future.succeededFuture(config);
    }

    private static String readDefaults() {
        try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
