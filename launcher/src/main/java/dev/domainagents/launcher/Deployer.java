package dev.domainagents.launcher;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.AgentDirectory;
import dev.domainagents.core.http.HttpIngress;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.kafka.CommandIntake;
import dev.domainagents.core.kafka.KafkaCommandIngress;
import dev.domainagents.core.kafka.KafkaEventRelay;
import dev.domainagents.core.kafka.KafkaSettings;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deploys a node's verticles in order: the HTTP ingress if {@code http} was chosen (its port
 * bound before anything takes a lease), the node's services (always, whatever its agents: the
 * outbox relay sends what this node's agents store in the outbox; the saga deadline scheduler
 * and the inbox pruner work for all nodes, each on one node at a time, under its lease), then
 * each agent of the chosen modules, as many instances as {@code agents.<module>.instances} says,
 * each recorded in the {@link AgentDirectory}, then, when Kafka is configured, the Kafka bridge
 * (on every node, like the relays: its event relay's subscription runs on one node at a time,
 * and the command consumers share the topic's partitions).
 */
final class Deployer {
    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

    /** Deployment ids, kept for an orderly undeploy; {@code httpPort} is -1 without HTTP. */
    record Deployed(List<String> services, List<String> agents, Optional<String> commandIngress,
                    Optional<String> http, int httpPort) {
    }

    private final Vertx vertx;
    private final List<AgentModule> modules;
    private final LaunchOptions options;
    private final LaunchSettings settings;

    Deployer(Vertx vertx, List<AgentModule> modules, LaunchOptions options, LaunchSettings settings) {
        this.vertx = vertx;
        this.modules = modules;
        this.options = options;
        this.settings = settings;
    }

    Future<Deployed> deploy(List<Deployable> services, AgentRuntime runtime, HttpIngress ingress, AgentDirectory directory,
                            KafkaSettings kafka) {
        return http(ingress).compose(httpId -> inOrder(services).compose(serviceIds -> agents(runtime, directory)
                .compose(agentIds -> kafkaBridge(runtime, directory, kafka, agentIds)
                        .map(commandIngress -> new Deployed(serviceIds, agentIds, commandIngress, httpId,
                                httpId.isPresent() ? ingress.port() : -1)))));
    }

    /**
     * The HTTP ingress first, if chosen: a port already taken stops the start before anything takes a
     * lease or seeds. Until the agents are deployed it answers {@code /ready} with 503.
     */
    private Future<Optional<String>> http(HttpIngress ingress) {
        if (!options.wants(LaunchOptions.HTTP)) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.deployVerticle(ingress)
                .recover(failure -> Future.failedFuture(StartFailure.of("the HTTP ingress cannot listen on "
                        + settings.http().host() + ":" + settings.http().port(), failure)))
                .map(Optional::of);
    }

    private Future<List<String>> inOrder(List<Deployable> services) {
        Future<List<String>> deployed = Future.succeededFuture(new ArrayList<>());
        for (Deployable service : services) {
            deployed = deployed.compose(ids -> vertx.deployVerticle(service).map(id -> {
                ids.add(id);
                return ids;
            }));
        }
        return deployed;
    }

    /** The event relay (listed with the agents, undeployed with them) and the command ingress, or nothing without Kafka. */
    private Future<Optional<String>> kafkaBridge(AgentRuntime runtime, AgentDirectory directory, KafkaSettings kafka,
                                                 List<String> agentIds) {
        if (!kafka.configured()) {
            return Future.succeededFuture(Optional.empty());
        }
        Map<String, CommandIntake> intakes = new HashMap<>();
        Ingress commands = Ingress.withoutRoutes(vertx, runtime);
        for (AgentModule module : modules) {
            module.commandIntakes(commands).forEach((type, intake) -> {
                if (intakes.putIfAbsent(type, intake) != null) {
                    throw new IllegalStateException("two agent modules take command " + type + " from Kafka");
                }
            });
        }
        KafkaEventRelay events = new KafkaEventRelay(runtime, kafka);
        return deploy(events, directory).compose(eventsId -> {
            agentIds.add(eventsId);
            return vertx.deployVerticle(new KafkaCommandIngress(kafka, intakes,
                    runtime.delivery().retryFor(KafkaCommandIngress.NAME), runtime.metrics()));
        }).map(ingressId -> {
            LOG.info("kafka.bridge.on bootstrapServers={} topicPrefix={} eventTypes={} commandsTopic={}", kafka.bootstrapServers(),
                    kafka.topicPrefix(), kafka.eventTypes().isEmpty() ? "all" : String.join(",", kafka.eventTypes()),
                    kafka.commandsTopic());
            return Optional.of(ingressId);
        });
    }

    private Future<List<String>> agents(AgentRuntime runtime, AgentDirectory directory) {
        List<Future<String>> deployments = new ArrayList<>();
        for (AgentModule module : modules) {
            if (options.wants(module.name())) {
                int instances = settings.instancesOf(module.name());
                for (Supplier<Agent> factory : module.agents(runtime)) {
                    for (int i = 0; i < instances; i++) {
                        deployments.add(deploy(factory.get(), directory));
                    }
                }
            }
        }
        return Future.all(deployments).map(all -> new ArrayList<>(deployments.stream().map(Future::result).toList()));
    }

    private Future<String> deploy(Agent agent, AgentDirectory directory) {
        return vertx.deployVerticle(agent)
                .onSuccess(id -> directory.add(new AgentDirectory.Entry(agent.name(), agent.kind(), id)));
    }
}
