package io.betterccflare.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.Provider;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final byte[] NO_BODY = new byte[0];
    private final ResponseClassifier classifier = new ResponseClassifier();

    private static RateLimitHeaders headers(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return RateLimitHeaders.parse(HeaderLookup.of(map), NOW);
    }

    private Verdict anthropic(int status, RateLimitHeaders headers) {
        return classifier.classify(Provider.ANTHROPIC, status, headers, NO_BODY, NOW);
    }

    @Test
    void parses_the_captured_subscription_429() {
        RateLimitHeaders limits = headers(
                "anthropic-ratelimit-unified-status", "rejected",
                "anthropic-ratelimit-unified-reset", "1785518400",
                "anthropic-ratelimit-unified-representative-claim", "five_hour",
                "anthropic-ratelimit-unified-5h-status", "rejected",
                "anthropic-ratelimit-unified-5h-reset", "1785518400",
                "anthropic-ratelimit-unified-5h-utilization", "1.01",
                "anthropic-ratelimit-unified-7d-status", "allowed",
                "anthropic-ratelimit-unified-7d-reset", "1786006800",
                "anthropic-ratelimit-unified-7d-utilization", "0.69",
                "anthropic-ratelimit-unified-fallback", "available",
                "retry-after", "7835");

        assertThat(limits.status()).isEqualTo("rejected");
        assertThat(limits.fiveHourUtilization()).isEqualTo(1.01);
        assertThat(limits.sevenDayReset()).isEqualTo(1_786_006_800_000L);
        assertThat(limits.representativeClaim()).isEqualTo("five_hour");
        assertThat(limits.fallback()).isEqualTo("available");
        assertThat(limits.retryAfter()).isEqualTo(NOW + 7_835_000);
        assertThat(anthropic(429, limits)).isEqualTo(new Verdict.RateLimited(1_785_518_400_000L, null, "5h"));
    }

    @Test
    void allowed_warning_is_recorded_but_served() {
        RateLimitHeaders limits = headers("anthropic-ratelimit-unified-status", "allowed_warning",
                "anthropic-ratelimit-unified-reset", "1785518400");

        assertThat(anthropic(200, limits)).isEqualTo(new Verdict.Serve(true));
        assertThat(limits.toState(NOW).status()).isEqualTo("allowed_warning");
        assertThat(limits.toState(NOW).reset()).isEqualTo(1_785_518_400_000L);
    }

    @Test
    void a_hard_unified_status_is_a_limit_even_on_200() {
        assertThat(anthropic(200, headers("anthropic-ratelimit-unified-status", "queueing_hard")))
                .isEqualTo(new Verdict.RateLimited(NOW + ResponseClassifier.UNKNOWN_RESET_MS, null, "unified"));
    }

    @Test
    void a_window_only_429_uses_the_rejected_window_reset() {
        assertThat(anthropic(429, headers("anthropic-ratelimit-unified-5h-status", "rejected",
                "anthropic-ratelimit-unified-5h-reset", "1785518400")))
                .isEqualTo(new Verdict.RateLimited(1_785_518_400_000L, null, "5h"));
    }

    @Test
    void a_429_with_x_ratelimit_reset_benches_until_it() {
        assertThat(anthropic(429, headers("x-ratelimit-reset", "1760000100")))
                .isEqualTo(new Verdict.RateLimited(1_760_000_100_000L, null, "x-ratelimit-reset"));
    }

    @Test
    void a_429_without_window_information_is_request_scoped() {
        assertThat(anthropic(429, headers("x-should-retry", "true"))).isEqualTo(new Verdict.RequestLimited(NOW + 1_000));
        assertThat(anthropic(429, headers())).isEqualTo(new Verdict.RequestLimited(NOW + 1_000));
        assertThat(anthropic(429, headers("retry-after", "2"))).isEqualTo(new Verdict.RequestLimited(NOW + 2_000));
        assertThat(anthropic(429, headers("retry-after", "7835"))).isEqualTo(new Verdict.RequestLimited(NOW + 60_000));
        assertThat(anthropic(429, headers("x-ratelimit-reset", "1000"))).isEqualTo(new Verdict.RequestLimited(NOW + 1_000));
    }

    @Test
    void the_rejected_window_decides_not_the_representative_claim() {
        RateLimitHeaders limits = headers(
                "anthropic-ratelimit-unified-status", "rejected",
                "anthropic-ratelimit-unified-reset", Long.toString(NOW / 1000 + 4 * 86_400),
                "anthropic-ratelimit-unified-representative-claim", "seven_day",
                "anthropic-ratelimit-unified-5h-status", "rejected",
                "anthropic-ratelimit-unified-5h-reset", Long.toString(NOW / 1000 + 3_600),
                "anthropic-ratelimit-unified-7d-status", "allowed",
                "anthropic-ratelimit-unified-7d-reset", Long.toString(NOW / 1000 + 4 * 86_400));

        assertThat(classifier.classify(Provider.ANTHROPIC, 429, limits, "opus", NO_BODY, NOW))
                .isEqualTo(new Verdict.RateLimited(NOW + 3_600_000, null, "5h"));
    }

    @Test
    void a_reset_that_just_passed_benches_for_a_second_not_hours() {
        RateLimitHeaders limits = headers("anthropic-ratelimit-unified-5h-status", "rejected",
                "anthropic-ratelimit-unified-5h-reset", Long.toString(NOW / 1000));

        assertThat(anthropic(429, limits)).isEqualTo(new Verdict.RateLimited(NOW + ResponseClassifier.PASSED_RESET_MS, null, "5h"));
    }

    @Test
    void several_rejected_windows_bench_until_the_latest_reset() {
        RateLimitHeaders limits = headers(
                "anthropic-ratelimit-unified-5h-status", "rejected",
                "anthropic-ratelimit-unified-5h-reset", Long.toString(NOW / 1000 + 3_600),
                "anthropic-ratelimit-unified-7d-status", "rejected",
                "anthropic-ratelimit-unified-7d-reset", Long.toString(NOW / 1000 + 86_400));

        assertThat(anthropic(429, limits)).isEqualTo(new Verdict.RateLimited(NOW + 86_400_000, null, "5h,7d"));
    }

    @Test
    void a_per_family_scope_benches_only_the_requested_family() {
        RateLimitHeaders limits = headers(
                "anthropic-ratelimit-unified-status", "rejected",
                "anthropic-ratelimit-unified-5h-status", "allowed",
                "anthropic-ratelimit-unified-5h-reset", Long.toString(NOW / 1000 + 3_600),
                "anthropic-ratelimit-unified-7d-status", "allowed_warning",
                "anthropic-ratelimit-unified-7d-reset", Long.toString(NOW / 1000 + 5 * 86_400),
                "anthropic-ratelimit-unified-7d_oi-status", "rejected",
                "anthropic-ratelimit-unified-7d_oi-reset", Long.toString(NOW / 1000 + 2 * 86_400));

        assertThat(limits.windows()).extracting(UnifiedWindow::scope).containsExactly("5h", "7d", "7d_oi");
        assertThat(classifier.classify(Provider.ANTHROPIC, 429, limits, "fable", NO_BODY, NOW))
                .isEqualTo(new Verdict.RateLimited(NOW + 2 * 86_400_000L, "fable", "7d_oi"));
        assertThat(classifier.classify(Provider.ANTHROPIC, 429, limits, null, NO_BODY, NOW))
                .isEqualTo(new Verdict.RequestLimited(NOW + 1_000));
    }

    @Test
    void any_new_scope_is_handled_generically() {
        RateLimitHeaders limits = headers(
                "anthropic-ratelimit-unified-7d_opus-status", "rejected",
                "anthropic-ratelimit-unified-7d_opus-reset", Long.toString(NOW / 1000 + 7_200),
                "anthropic-ratelimit-unified-7d_opus-utilization", "1.0",
                "anthropic-ratelimit-unified-grace-status", "rejected");

        assertThat(limits.windows()).containsExactly(new UnifiedWindow("7d_opus", "rejected", NOW + 7_200_000, 1.0));
        assertThat(classifier.classify(Provider.ANTHROPIC, 429, limits, "opus", NO_BODY, NOW))
                .isEqualTo(new Verdict.RateLimited(NOW + 7_200_000, "opus", "7d_opus"));
    }

    @Test
    void overage_and_out_of_credits_never_bench_an_account_whose_plan_windows_are_open() {
        RateLimitHeaders overage = headers(
                "anthropic-ratelimit-unified-status", "rejected",
                "anthropic-ratelimit-unified-representative-claim", "overage",
                "anthropic-ratelimit-unified-5h-status", "allowed",
                "anthropic-ratelimit-unified-7d-status", "allowed",
                "anthropic-ratelimit-unified-overage-status", "rejected",
                "anthropic-ratelimit-unified-overage-disabled-reason", "out_of_credits",
                "anthropic-ratelimit-unified-overage-reset", Long.toString(NOW / 1000 + 86_400));
        RateLimitHeaders claimOnly = headers(
                "anthropic-ratelimit-unified-status", "rejected",
                "anthropic-ratelimit-unified-representative-claim", "overage");

        assertThat(anthropic(429, overage)).isEqualTo(new Verdict.RequestLimited(NOW + 1_000));
        assertThat(overage.overageDisabledReason()).isEqualTo("out_of_credits");
        assertThat(anthropic(429, claimOnly)).isEqualTo(new Verdict.RequestLimited(NOW + 1_000));
    }

    @Test
    void model_families_come_from_the_model_name() {
        assertThat(ModelFamily.of("claude-opus-4-1")).isEqualTo("opus");
        assertThat(ModelFamily.of("claude-3-opus-20240229")).isEqualTo("opus");
        assertThat(ModelFamily.of("claude-sonnet-4-5-20250929")).isEqualTo("sonnet");
        assertThat(ModelFamily.of("claude-fable-5")).isEqualTo("fable");
        assertThat(ModelFamily.of("claude-3-5-haiku-latest")).isEqualTo("haiku");
        assertThat(ModelFamily.of("glm-4.6")).isEqualTo("glm");
        assertThat(ModelFamily.of(" ")).isNull();
        assertThat(ModelFamily.of(null)).isNull();
    }

    @Test
    void classic_headers_give_the_exhausted_bucket_reset() {
        RateLimitHeaders limits = headers("anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2025-10-09T09:00:00Z",
                "anthropic-ratelimit-tokens-remaining", "79000");

        assertThat(limits.requestsRemaining()).isZero();
        assertThat(limits.toState(NOW).remaining()).isZero();
        assertThat(anthropic(429, limits)).isEqualTo(new Verdict.RateLimited(1_760_000_400_000L, null, "classic"));
    }

    @Test
    void overload_auth_and_server_errors() {
        byte[] body = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(anthropic(529, headers())).isEqualTo(new Verdict.Overloaded(NOW + 10_000));
        assertThat(classifier.classify(Provider.ANTHROPIC, 401, headers(), body, NOW))
                .isEqualTo(new Verdict.AuthRejected(NOW + 60_000, "401 authentication_error: invalid x-api-key"));
        assertThat(anthropic(403, headers())).isEqualTo(new Verdict.AuthRejected(NOW + 60_000, "403 upstream refused the credentials"));
        assertThat(anthropic(502, headers())).isEqualTo(new Verdict.ServerFailure(502));
        assertThat(anthropic(400, headers())).isEqualTo(new Verdict.Serve(false));
        assertThat(anthropic(501, headers())).isEqualTo(new Verdict.Serve(false));
    }

    @Test
    void zai_uses_retry_after_then_the_1308_body_in_utc_plus_8() {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"1308\",\"message\":\"Usage limit reached for 5 hour. "
                + "Your limit will reset at 2025-12-15 02:34:52\"},\"request_id\":\"20251110131106ad01ca8eb00144df\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(classifier.classify(Provider.ZAI, 429, headers("retry-after", "30"), body, NOW))
                .isEqualTo(new Verdict.RateLimited(NOW + 30_000, null, "zai"));
        long reset = java.time.Instant.parse("2025-12-14T18:34:52Z").toEpochMilli();
        assertThat(classifier.classify(Provider.ZAI, 429, headers(), body, NOW)).isEqualTo(new Verdict.RateLimited(reset, null, "zai"));
        assertThat(classifier.classify(Provider.ZAI, 500, headers(), body, NOW)).isEqualTo(new Verdict.RateLimited(reset, null, "zai"));
        assertThat(classifier.classify(Provider.ZAI, 429, headers(), NO_BODY, NOW))
                .isEqualTo(new Verdict.RateLimited(NOW + ResponseClassifier.UNKNOWN_RESET_MS, null, "zai"));
    }

    @Test
    void retry_after_accepts_an_http_date() {
        assertThat(RateLimitHeaders.retryAfter("Thu, 09 Oct 2025 09:00:00 GMT", NOW)).isEqualTo(1_760_000_400_000L);
        assertThat(RateLimitHeaders.retryAfter("soon", NOW)).isNull();
    }
}
