package dev.domainagents.stock;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.config.Settings;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.StreamVersionConflict;
import dev.domainagents.core.store.Tx;
import dev.domainagents.stock.api.StockCommand.SetStock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stock levels {@code stock.seed} gives SKUs that have never been set, so a dev launch
 * can take orders at once. A SKU whose stream exists is left alone, whatever its level, so
 * a restart never re-seeds; when several instances or nodes seed at once, the first append
 * wins and the others meet a version conflict and skip that SKU.
 */
final class StockSeed {
    private static final Logger LOG = LoggerFactory.getLogger(StockSeed.class);

    /** One seeded SKU and the units it starts with. */
    record Level(String sku, int available) {
    }

    private final List<Level> levels;

    StockSeed(List<Level> levels) {
        this.levels = List.copyOf(levels);
    }

    /**
     * Reads {@code stock.seed}: a list of {@code {"sku": ..., "available": ...}} (a list, so a
     * later configuration layer replaces it whole: {@code []} seeds nothing). Fails naming the entry.
     */
    static StockSeed fromConfig(JsonObject config) {
        Object seed = config.getJsonObject("stock", new JsonObject()).getValue("seed", new JsonArray());
        Settings.require(seed instanceof JsonArray, "stock.seed", seed, "a list of {\"sku\", \"available\"}");
        Set<String> skus = new HashSet<>();
        List<Level> levels = new ArrayList<>();
        JsonArray entries = (JsonArray) seed;
        for (int i = 0; i < entries.size(); i++) {
            String at = "stock.seed[" + i + "]";
            Object entry = entries.getValue(i);
            Settings.require(entry instanceof JsonObject, at, entry, "an object {\"sku\", \"available\"}");
            Object sku = ((JsonObject) entry).getValue("sku");
            Object available = ((JsonObject) entry).getValue("available");
            Settings.require(sku instanceof String text && StockRoutes.SKU.matcher(text).matches(), at + ".sku", sku,
                    "1-64 letters, digits, '.', '_' or '-'");
            Settings.require((available instanceof Integer || available instanceof Long)
                            && ((Number) available).longValue() >= 0 && ((Number) available).longValue() <= StockRoutes.MAX_AVAILABLE,
                    at + ".available", available, "a whole number from 0 to " + StockRoutes.MAX_AVAILABLE);
            Settings.require(skus.add((String) sku), at + ".sku", sku, "each SKU once");
            levels.add(new Level((String) sku, ((Number) available).intValue()));
        }
        return new StockSeed(levels);
    }

    List<Level> levels() {
        return levels;
    }

    /** Seeds every configured SKU that has no stream yet; answers how many this call seeded. */
    Future<Integer> plant(AgentRuntime runtime) {
        List<Future<Boolean>> planted = levels.stream().map(level -> plant(runtime, level)).toList();
        return Future.all(planted).map(done -> {
            int seeded = (int) planted.stream().filter(Future::result).count();
            if (!levels.isEmpty()) {
                LOG.info("stock.seed seeded={} alreadyPresent={}", seeded, levels.size() - seeded);
            }
            return seeded;
        });
    }

    /**
     * Appends what the stock decider makes of {@code SetStock} on a new SKU, at version 0,
     * caused by a seed command of its own correlation: false if the stream already exists.
     */
    private static Future<Boolean> plant(AgentRuntime runtime, Level level) {
        Instant now = runtime.clock().instant();
        String stream = StockAgent.streamOf(level.sku());
        SetStock set = new SetStock(level.sku(), level.available(), now);
        Envelope command = Envelope.of(MessageKind.COMMAND, stream, "stock-seed-" + level.sku(), set, now);
        List<Envelope> events = StockAgent.STOCK.decide(set, StockAgent.STOCK.replay(List.of())).stream()
                .map(event -> command.causing(MessageKind.EVENT, stream, event, now))
                .toList();
        return Tx.run(runtime.pool(), tx -> runtime.events().append(tx, stream, 0, events))
                .map(version -> {
                    LOG.info("stock.seeded sku={} available={} correlationId={} messageId={}", level.sku(),
                            level.available(), command.correlationId(), command.messageId());
                    return true;
                })
                .recover(failure -> failure instanceof StreamVersionConflict
                        ? Future.succeededFuture(false)
                        : Future.failedFuture(failure));
    }
}
