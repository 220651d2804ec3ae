package io.betterccflare.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, 1_000, 2.0, () -> 0.5);

    @Test
    void backs_off_with_jitter_for_at_most_two_retries_in_place() {
        assertThat(policy.delayBefore(0, null, null, null)).isEqualTo(875);
        assertThat(policy.delayBefore(1, null, null, null)).isEqualTo(1_750);
        assertThat(policy.delayBefore(2, null, null, null)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(new RetryPolicy(100, 1_000, 2.0, () -> 0.0).delayBefore(2, null, null, null)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(new RetryPolicy(1, 1_000, 2.0, () -> 0.0).delayBefore(0, null, null, null)).isEqualTo(RetryPolicy.NO_RETRY);
    }

    @Test
    void honours_the_upstream_hints() {
        assertThat(policy.delayBefore(0, "false", null, null)).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(policy.delayBefore(0, "true", "250", "9")).isEqualTo(250);
        assertThat(policy.delayBefore(0, null, null, "2")).isEqualTo(2_000);
        assertThat(policy.delayBefore(0, null, null, "30")).isEqualTo(RetryPolicy.NO_RETRY);
        assertThat(policy.delayBefore(0, null, "soon", null)).isEqualTo(875);
    }
}
