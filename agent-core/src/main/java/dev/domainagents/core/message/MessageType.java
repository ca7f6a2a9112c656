package dev.domainagents.core.message;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable wire name of a command, event or reply record, e.g. {@code stock.reserve}.
 * Declared once, on the record; the envelope, the bus address of a command and the event
 * store all use it, so renaming a Java class never breaks stored events or other nodes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {
    String value();

    /** Reads the wire name of a payload class. */
    final class Of {
        private Of() {
        }

        public static String name(Class<?> payloadClass) {
            MessageType type = payloadClass.getAnnotation(MessageType.class);
            if (type == null) {
                throw new IllegalArgumentException(payloadClass.getName() + " lacks @MessageType");
            }
            return type.value();
        }
    }
}
