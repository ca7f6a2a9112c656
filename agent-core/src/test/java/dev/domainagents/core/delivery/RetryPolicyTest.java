package dev.domainagents.core.delivery;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void delaysGrowExponentiallyWithinTheJitterAndStopAtTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1_000), 2.0, 0.2);

        for (int i = 0; i < 50; i++) {
            assertThat(policy.delayAfter(1).toMillis()).isBetween(80L, 120L);
            assertThat(policy.delayAfter(3).toMillis()).isBetween(320L, 480L);
            assertThat(policy.delayAfter(9).toMillis()).isBetween(800L, 1_200L);
        }
    }

    @Test
    void aFailureThatNamesWhenARetryCanSucceedIsNotRetriedSooner() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1_000), 2.0, 0.0);
        TransientFailure breakerOpen = new TransientFailure("open") {
            @Override
            public Duration retryAfter() {
                return Duration.ofSeconds(4);
            }
        };

        assertThat(policy.delayAfter(1, breakerOpen)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(1, new IllegalStateException("other"))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void maxAttemptsCountsTheFirstDelivery() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0);

        assertThat(policy.hasAttemptAfter(2)).isTrue();
        assertThat(policy.hasAttemptAfter(3)).isFalse();
    }

    @Test
    void invalidSettingNamesItsKeyAndValue() {
        assertThatThrownBy(() -> RetryPolicy.fromJson(new JsonObject().put("maxAttempts", 0)))
                .isInstanceOf(Settings.InvalidSetting.class)
                .hasMessageContaining("maxAttempts=0");
    }
}
