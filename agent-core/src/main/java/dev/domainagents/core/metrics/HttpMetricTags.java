package dev.domainagents.core.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.List;
import java.util.Set;

/**
 * Keeps what a client sends out of the HTTP metrics' tags: Vert.x tags its HTTP server meters with
 * the request's method, which may be any token a client writes ({@code BREW}, a random string per
 * request, each a new time series). A method outside the standard set is tagged {@code OTHER}.
 * Paths are never a tag (Vert.x's {@code HTTP_PATH} and {@code HTTP_ROUTE} labels stay off).
 */
final class HttpMetricTags {
    static final String OTHER = "OTHER";
    private static final String METHOD = "method";
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private HttpMetricTags() {
    }

    /** The filter {@link PrometheusRegistry} puts on the registry before any meter is registered. */
    static MeterFilter knownMethodsOnly() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String method = id.getTag(METHOD);
                if (method == null || !id.getName().startsWith("vertx.http.") || KNOWN_METHODS.contains(method)) {
                    return id;
                }
                List<Tag> tags = id.getTags().stream().map(tag -> METHOD.equals(tag.getKey()) ? Tag.of(METHOD, OTHER) : tag).toList();
                return id.replaceTags(tags);
            }
        };
    }
}
