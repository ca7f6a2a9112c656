package dev.domainagents.launcher;

import dev.domainagents.core.config.Settings;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration once, at start-up, with vertx-config. Layers, each overriding the
 * one before key by key: {@code config/dev.json} on the classpath (the defaults), the
 * {@code --config} file (a path, or {@code classpath:config/NAME.json} for a bundled
 * profile), environment variables ({@link EnvironmentOverrides}), system properties with
 * dotted keys ({@code -Ddb.port=5433}, vertx-config's hierarchical {@code sys} store), then
 * the command line's own flags. Unknown keys in the file or the environment and values of the
 * wrong type fail, naming the key ({@link ConfigSchema}); system properties that are no
 * configuration key (java.*, user.*, ...) are left out.
 */
final class ConfigLoader {
    static final String DEFAULTS = "config/dev.json";
    static final String CLASSPATH = "classpath:";

    private ConfigLoader() {
    }

    /** Reads the defaults and checks the file exists on the calling thread: call it off the event loops. */
    static Future<JsonObject> load(Vertx vertx, Optional<String> file, Map<String, String> environment,
                                   JsonObject commandLine) {
        JsonObject defaults;
        Optional<ConfigStoreOptions> fileStore;
        try {
            defaults = classpathJson(DEFAULTS).orElseThrow(() -> new IllegalStateException(
                    DEFAULTS + " is not on the classpath: the config module belongs to every launch"));
            fileStore = file.map(ConfigLoader::fileStore);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        ConfigSchema schema = new ConfigSchema(defaults);
        ConfigRetrieverOptions layers = options().addStore(json(defaults));
        fileStore.ifPresent(layers::addStore);
        layers.addStore(json(EnvironmentOverrides.from(environment)));
        ConfigRetrieverOptions properties = options().addStore(new ConfigStoreOptions().setType("sys")
                .setConfig(new JsonObject().put("hierarchical", true).put("raw-data", true).put("cache", false)));
        return retrieve(vertx, layers)
                .recover(failure -> Future.failedFuture(new Settings.InvalidSetting("--config", file.orElse(""),
                        "a file holding one JSON object (" + failure.getMessage() + ")")))
                .compose(configured -> retrieve(vertx, properties).map(systemProperties -> {
                    schema.requireKnown(configured);
                    schema.requireKnown(commandLine);
                    JsonObject merged = configured.mergeIn(schema.onlyKnown(systemProperties), true)
                            .mergeIn(commandLine, true);
                    return schema.typed(merged);
                }));
    }

    private static ConfigRetrieverOptions options() {
        return new ConfigRetrieverOptions().setScanPeriod(-1).setIncludeDefaultStores(false);
    }

    private static Future<JsonObject> retrieve(Vertx vertx, ConfigRetrieverOptions options) {
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig().onComplete(done -> retriever.close());
    }

    private static ConfigStoreOptions fileStore(String location) {
        if (location.startsWith(CLASSPATH)) {
            return json(classpathJson(location.substring(CLASSPATH.length())).orElseThrow(() -> new Settings.InvalidSetting(
                    "--config", location, "a configuration on the classpath, e.g. " + CLASSPATH + "config/test.json")));
        }
        Path path = Path.of(location);
        Settings.require(Files.isRegularFile(path) && Files.isReadable(path), "--config", location, "a readable JSON file");
        return new ConfigStoreOptions().setType("file").setFormat("json")
                .setConfig(new JsonObject().put("path", path.toAbsolutePath().toString()));
    }

    private static ConfigStoreOptions json(JsonObject config) {
        return new ConfigStoreOptions().setType("json").setConfig(config);
    }

    static Optional<JsonObject> classpathJson(String resource) {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty()
                    : Optional.of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
        }
    }
}
