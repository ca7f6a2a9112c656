package dev.domainagents.core.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The agents this process deployed, for {@code GET /admin/agents}. */
public final class AgentDirectory {
    /** One deployed agent instance. */
    public record Entry(String name, String kind, String deploymentId) {
    }

    private final String nodeId;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public AgentDirectory(String nodeId) {
        this.nodeId = nodeId;
    }

    public void add(Entry entry) {
        entries.add(entry);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public String nodeId() {
        return nodeId;
    }

    public JsonArray toJson(java.util.function.Function<String, JsonObject> countersOf) {
        JsonArray agents = new JsonArray();
        entries.forEach(entry -> agents.add(new JsonObject()
                .put("name", entry.name())
                .put("kind", entry.kind())
                .put("node", nodeId)
                .put("deploymentId", entry.deploymentId())
                .put("counters", countersOf.apply(entry.name()))));
        return agents;
    }
}
