package dev.domainagents.launcher;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.AgentDirectory;
import dev.domainagents.core.http.HttpIngress;
import dev.domainagents.core.outbox.OutboxRelay;
import dev.domainagents.core.saga.DeadlineScheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deploys a node's verticles in order: the outbox relay (always: it sends what this node's
 * agents store in the outbox), the saga deadline scheduler (always: any node may fire a
 * due deadline), then each agent of the chosen modules, as many instances as
 * {@code agents.<module>.instances} says, each recorded in the {@link AgentDirectory}, then
 * the HTTP ingress if {@code http} was chosen.
 */
final class Deployer {
    /** Deployment ids, kept for an orderly undeploy; {@code httpPort} is -1 without HTTP. */
    record Deployed(String relay, String deadlines, List<String> agents, Optional<String> http, int httpPort) {
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

    Future<Deployed> deploy(OutboxRelay relay, DeadlineScheduler deadlines, AgentRuntime runtime, HttpIngress ingress,
                            AgentDirectory directory) {
        return vertx.deployVerticle(relay).compose(relayId -> vertx.deployVerticle(deadlines).compose(deadlinesId ->
                agents(runtime, directory).compose(agentIds -> {
            if (!options.wants(LaunchOptions.HTTP)) {
                return Future.succeededFuture(new Deployed(relayId, deadlinesId, agentIds, Optional.empty(), -1));
            }
            return vertx.deployVerticle(ingress)
                    .recover(failure -> Future.failedFuture(new IllegalStateException("the HTTP ingress cannot listen on "
                            + settings.http().host() + ":" + settings.http().port() + ": " + failure.getMessage(), failure)))
                    .map(httpId -> new Deployed(relayId, deadlinesId, agentIds, Optional.of(httpId), ingress.port()));
        })));
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
        return Future.all(deployments).map(all -> deployments.stream().map(Future::result).toList());
    }

    private Future<String> deploy(Agent agent, AgentDirectory directory) {
        return vertx.deployVerticle(agent)
                .onSuccess(id -> directory.add(new AgentDirectory.Entry(agent.name(), agent.kind(), id)));
    }
}
