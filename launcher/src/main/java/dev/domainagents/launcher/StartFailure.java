package dev.domainagents.launcher;

/**
 * Why a start could not complete, in one line a person can act on: what the launcher was doing
 * and the first line of the deepest cause's message ({@code Connection refused}, {@code Address
 * already in use}). The whole chain stays attached for {@code --verbose}.
 */
final class StartFailure extends IllegalStateException {
    private StartFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static StartFailure of(String doing, Throwable cause) {
        return new StartFailure(doing + ": " + oneLine(deepest(cause)), cause);
    }

    /** The first line of {@code failure}'s message (its class name if it has none). */
    static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    private static Throwable deepest(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest;
    }
}
