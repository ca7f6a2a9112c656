package dev.domainagents.launcher.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP vertx_eventbus_sent_total Number of messages sent (point-to-point)
            # TYPE vertx_eventbus_sent_total counter
            vertx_eventbus_sent_total{side="local"} 12.0
            vertx_eventbus_sent_total{side="remote",note="a } in \\" quotes"} 3.0 1700000000000
            vertx_eventbus_sent_total_extra 100.0
            vertx_eventbus_published_total 4.0
            """;

    @Test
    void sumsEverySeriesOfTheMetricWhateverItsLabels() {
        assertThat(PrometheusText.sum(SCRAPE, "vertx_eventbus_sent_total")).hasValue(15.0);
        assertThat(PrometheusText.sum(SCRAPE, "vertx_eventbus_published_total")).hasValue(4.0);
    }

    @Test
    void metricAbsentFromTheScrapeHasNoValue() {
        assertThat(PrometheusText.sum(SCRAPE, "vertx_eventbus_delivered_total")).isEmpty();
        assertThat(PrometheusText.sum("", "vertx_eventbus_sent_total")).isEmpty();
    }
}
