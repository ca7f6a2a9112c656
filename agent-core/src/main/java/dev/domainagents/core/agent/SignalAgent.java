package dev.domainagents.core.agent;

/**
 * A signal agent turns events into signals for the outside world (notifications, pushes,
 * broker topics). Its checkpoint moves only after a reaction succeeded, so a signal is sent
 * at least once; reactions that must not repeat record what they sent in the transaction.
 */
public abstract non-sealed class SignalAgent extends ReactingAgent {
    protected SignalAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    @Override
    public final String kind() {
        return "signal";
    }
}
