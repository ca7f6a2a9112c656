package dev.domainagents.core.message;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ids of the commands one handling sends, derived from what is handled instead of drawn at
 * random: the sender's name, the handled message's id, and the command's type, aggregate and
 * rank among the commands of that type and aggregate this handling sent before. A message
 * handled again (a rewound or re-read subscription, a copy past the inbox's retention) sends the
 * same commands with the same ids, so each receiver's inbox answers the repeats without handling
 * them again. A handling whose decisions changed in between sends other commands, with other ids.
 *
 * <p>Name-based UUIDs ({@link UUID#nameUUIDFromBytes}, version 3): collisions with random ones
 * or between different inputs are as unlikely as between two random ones. Not thread-safe: one
 * per handling, used on its context.
 */
public final class SentIds {
    private final String sender;
    private final UUID handled;
    private final Map<String, Integer> sentBefore = new HashMap<>();

    public SentIds(String sender, UUID handled) {
        this.sender = sender;
        this.handled = handled;
    }

    /** The id of the next command of {@code type} to {@code aggregateId} this handling sends. */
    public UUID next(String type, String aggregateId) {
        String target = type + '\n' + aggregateId;
        int rank = sentBefore.merge(target, 1, Integer::sum);
        String name = sender + '\n' + handled + '\n' + target + '\n' + rank;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
