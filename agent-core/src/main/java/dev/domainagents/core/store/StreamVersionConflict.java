package dev.domainagents.core.store;

import dev.domainagents.core.delivery.TransientFailure;

/**
 * An append whose expected version is not the stream's current version: someone else
 * wrote first. Nothing was written; the pipeline retries, re-reading the stream.
 */
public final class StreamVersionConflict extends TransientFailure {
    public StreamVersionConflict(String streamId, long expectedVersion) {
        super("stream " + streamId + " is not at expected version " + expectedVersion);
    }
}
