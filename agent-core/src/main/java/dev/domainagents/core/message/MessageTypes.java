package dev.domainagents.core.message;

import java.util.HashMap;
import java.util.Map;

/** The wire names of a sealed family of messages, mapped to their record classes. */
public final class MessageTypes<T> {
    private final Class<T> family;
    private final Map<String, Class<? extends T>> byName;

    private MessageTypes(Class<T> family, Map<String, Class<? extends T>> byName) {
        this.family = family;
        this.byName = byName;
    }

    /** Reads the permitted records of a sealed interface; each must carry a distinct {@link MessageType}. */
    @SuppressWarnings("unchecked")
    public static <T> MessageTypes<T> of(Class<T> sealedFamily) {
        Class<?>[] permitted = sealedFamily.getPermittedSubclasses();
        if (permitted == null) {
            throw new IllegalArgumentException(sealedFamily.getName() + " is not a sealed interface");
        }
        Map<String, Class<? extends T>> byName = new HashMap<>();
        for (Class<?> member : permitted) {
            Class<? extends T> previous = byName.put(MessageType.Of.name(member), (Class<? extends T>) member);
            if (previous != null) {
                throw new IllegalArgumentException(member.getName() + " and " + previous.getName() + " share a wire type");
            }
        }
        return new MessageTypes<>(sealedFamily, Map.copyOf(byName));
    }

    /** Decodes an envelope of this family into its record. */
    public T decode(Envelope envelope) {
        Class<? extends T> type = byName.get(envelope.type());
        if (type == null) {
            throw new IllegalArgumentException(envelope.type() + " is not a " + family.getSimpleName());
        }
        return envelope.payloadAs(type);
    }

    public boolean contains(String type) {
        return byName.containsKey(type);
    }
}
