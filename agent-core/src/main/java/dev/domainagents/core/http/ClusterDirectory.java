package dev.domainagents.core.http;

import dev.domainagents.core.agent.AgentMetrics;
import dev.domainagents.core.lease.Leases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every node's agents, for {@code GET /admin/agents}. Each node answers at an address of its
 * own, named by its cluster member id, with its {@link AgentDirectory} and counters; the asking
 * node asks every member the cluster manager knows, so it waits for exactly those answers, not
 * for a window of time. A member that does not answer in time (still starting, stopping, cut
 * off) is listed as unanswered. A node outside a cluster is its only member.
 */
public final class ClusterDirectory {
    static final String ADDRESS_PREFIX = "platform.admin.agents.";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    private static final String ALONE = "local";

    /** The cluster's members by their cluster ids; {@code self} is this node's. */
    public record Members(String self, Supplier<List<String>> all) {
        /** A node that is the whole platform. */
        public static Members alone() {
            return new Members(ALONE, () -> List.of(ALONE));
        }
    }

    private final AgentDirectory directory;
    private final AgentMetrics metrics;
    private final Leases leases;
    private final Members members;

    public ClusterDirectory(AgentDirectory directory, AgentMetrics metrics, Leases leases, Members members) {
        this.directory = directory;
        this.metrics = metrics;
        this.leases = leases;
        this.members = members;
    }

    /** Answers other nodes' questions from now on; completes once the answering address is registered. */
    public Future<Void> answerOnTheBus(Vertx vertx) {
        return vertx.eventBus().<Void>consumer(ADDRESS_PREFIX + members.self(), question -> question.reply(thisNode()))
                .completion();
    }

    /** This node's agents with their counters, each naming the node. */
    public JsonArray agents() {
        return directory.toJson(this::countersOf);
    }

    /** {@code nodes}: every member's node id, agents and leases (held or waited for), by node id; {@code unanswered}: the members that did not answer. */
    public Future<JsonObject> everyNode(Vertx vertx) {
        List<String> all = members.all().get();
        List<Future<Optional<JsonObject>>> answers = all.stream().map(member -> ask(vertx, member)).toList();
        return Future.join(answers).map(done -> {
            JsonArray unanswered = new JsonArray();
            List<JsonObject> nodes = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Optional<JsonObject> answer = answers.get(i).result();
                if (answer.isPresent()) {
                    nodes.add(answer.get());
                } else {
                    unanswered.add(all.get(i));
                }
            }
            nodes.sort(Comparator.comparing(node -> node.getString("node")));
            return new JsonObject().put("nodes", new JsonArray(List.copyOf(nodes))).put("unanswered", unanswered);
        });
    }

    private Future<Optional<JsonObject>> ask(Vertx vertx, String member) {
        if (member.equals(members.self())) {
            return Future.succeededFuture(Optional.of(thisNode()));
        }
        return vertx.eventBus().<JsonObject>request(ADDRESS_PREFIX + member, null,
                        new DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT.toMillis()))
                .map(Message::body)
                .map(Optional::of)
                .otherwise(Optional.empty());
    }

    private JsonObject thisNode() {
        return new JsonObject().put("node", directory.nodeId()).put("agents", agents())
                .put("leases", leases.toJson());
    }

    private JsonObject countersOf(String agent) {
        JsonObject counters = new JsonObject();
        for (String counter : List.of("handled", "failed", "retried", "dead.lettered")) {
            counters.put(counter.replace(".", "_"), (long) metrics.count(counter, agent));
        }
        return counters;
    }
}
