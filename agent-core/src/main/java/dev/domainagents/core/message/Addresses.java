package dev.domainagents.core.message;

/**
 * Event-bus addresses. A command is addressed by its wire type, not by the agent that
 * handles it, so a sender never needs to know which agent or node will take it.
 */
public final class Addresses {
    private Addresses() {
    }

    public static String command(String type) {
        return "command." + type;
    }

    public static String command(Class<?> commandClass) {
        return command(MessageType.Of.name(commandClass));
    }

    /** Where a projection takes the request to rebuild its read model from zero. */
    public static String rebuild(String projection) {
        return "projection.rebuild." + projection;
    }
}
