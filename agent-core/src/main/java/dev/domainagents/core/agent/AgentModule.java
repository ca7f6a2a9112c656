package dev.domainagents.core.agent;

import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.kafka.CommandIntake;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an agent module contributes to a process, found with {@link java.util.ServiceLoader}:
 * its agents (deployed when the launcher is asked for the module's name), its schema
 * migrations (always run: all nodes share one database), its HTTP routes (mounted by
 * every process that runs the HTTP ingress, whichever agents it runs itself) and the commands
 * it takes from a broker (served by every process that runs the Kafka bridge).
 */
public interface AgentModule {
    /** The name used on the command line, e.g. {@code stock}. */
    String name();

    /** Factories of the module's agents; each is deployed as its own verticle. */
    List<Supplier<Agent>> agents(AgentRuntime runtime);

    /** Flyway locations of the module's tables, with a version range of its own. */
    default List<String> migrations() {
        return List.of();
    }

    default void mountRoutes(Router router, Ingress ingress) {
    }

    /**
     * The commands the module accepts as broker records, by the command's wire type (which a
     * record names in its {@code type} header); each intake checks a command exactly as the
     * module's HTTP route does.
     */
    default Map<String, CommandIntake> commandIntakes(Ingress ingress) {
        return Map.of();
    }
}
