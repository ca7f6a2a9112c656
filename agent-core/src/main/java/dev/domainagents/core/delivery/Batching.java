package dev.domainagents.core.delivery;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * How an execution agent groups commands into transactions: at most {@code maxCommands} per
 * transaction, at most {@code maxTransactions} open at once. Commands that arrive while all
 * are open wait and then share the next one, so under load one commit serves many commands;
 * alone, a command still gets its transaction at once. {@code maxCommands = 1}: one each.
 */
public record Batching(int maxCommands, int maxTransactions) {

    public Batching {
        Settings.require(maxCommands >= 1 && maxCommands <= 1000, "maxCommands", maxCommands, "1 to 1000");
        Settings.require(maxTransactions >= 1 && maxTransactions <= 64, "maxTransactions", maxTransactions, "1 to 64");
    }

    public static Batching fromJson(JsonObject json) {
        return new Batching(json.getInteger("maxCommands", 32), json.getInteger("maxTransactions", 2));
    }
}
