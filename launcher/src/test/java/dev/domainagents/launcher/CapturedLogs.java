package dev.domainagents.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every log line of this JVM while open, as logback would write it (message with its arguments,
 * and any exception with its causes and stack), through an appender attached to the root logger.
 * The named loggers log at {@code level} meanwhile (the test profile logs warnings only);
 * closing detaches the appender and restores their levels.
 */
final class CapturedLogs implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<Logger, Level> levelsBefore = new HashMap<>();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(render(event));
        }
    };

    private CapturedLogs(Level level, List<String> loggers) {
        for (String name : loggers) {
            Logger logger = context.getLogger(name);
            levelsBefore.put(logger, logger.getLevel());
            logger.setLevel(level);
        }
        appender.setContext(context);
        appender.setName("captured-" + System.identityHashCode(this));
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** Captures from now on, with {@code loggers} (e.g. {@code dev.domainagents}, or the root) at {@code level}. */
    static CapturedLogs capture(Level level, String... loggers) {
        return new CapturedLogs(level, List.of(loggers));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<String> linesContaining(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        levelsBefore.forEach(Logger::setLevel);
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ').append(event.getThreadName())
                .append(' ').append(event.getFormattedMessage());
        event.getMDCPropertyMap().forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        for (IThrowableProxy failure = event.getThrowableProxy(); failure != null; failure = failure.getCause()) {
            line.append(" | ").append(failure.getClassName()).append(": ").append(failure.getMessage());
            for (StackTraceElementProxy frame : failure.getStackTraceElementProxyArray()) {
                line.append(' ').append(frame.getSTEAsString());
            }
        }
        return line.toString();
    }
}
