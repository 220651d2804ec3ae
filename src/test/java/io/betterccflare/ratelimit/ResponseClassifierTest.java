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
        return RateLimitHeaders.parse(map::get, NOW);
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
        assertThat(anthropic(429, limits)).isEqualTo(new Verdict.RateLimited(1_785_518_400_000L));
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
                .isEqualTo(new Verdict.RateLimited(NOW + ResponseClassifier.UNKNOWN_RESET_MS));
    }

    @Test
    void a_window_only_429_uses_the_rejected_window_reset() {
        assertThat(anthropic(429, headers("anthropic-ratelimit-unified-5h-status", "rejected",
                "anthropic-ratelimit-unified-5h-reset", "1785518400")))
                .isEqualTo(new Verdict.RateLimited(1_785_518_400_000L));
    }

    @Test
    void a_plain_429_uses_x_ratelimit_reset_then_retry_after_then_a_minute() {
        assertThat(anthropic(429, headers("x-ratelimit-reset", "1760000100"))).isEqualTo(new Verdict.RateLimited(1_760_000_100_000L));
        assertThat(anthropic(429, headers("retry-after", "2"))).isEqualTo(new Verdict.RateLimited(NOW + 2_000));
        assertThat(anthropic(429, headers())).isEqualTo(new Verdict.RateLimited(NOW + 60_000));
        assertThat(anthropic(429, headers("x-ratelimit-reset", "1000"))).isEqualTo(new Verdict.RateLimited(NOW + 60_000));
    }

    @Test
    void classic_headers_give_the_exhausted_bucket_reset() {
        RateLimitHeaders limits = headers("anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2025-10-09T09:00:00Z",
                "anthropic-ratelimit-tokens-remaining", "79000");

        assertThat(limits.requestsRemaining()).isZero();
        assertThat(limits.toState(NOW).remaining()).isZero();
        assertThat(anthropic(429, limits)).isEqualTo(new Verdict.RateLimited(1_760_000_400_000L));
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
                .isEqualTo(new Verdict.RateLimited(NOW + 30_000));
        assertThat(classifier.classify(Provider.ZAI, 429, headers(), body, NOW))
                .isEqualTo(new Verdict.RateLimited(java.time.Instant.parse("2025-12-14T18:34:52Z").toEpochMilli()));
        assertThat(classifier.classify(Provider.ZAI, 500, headers(), body, NOW))
                .isEqualTo(new Verdict.RateLimited(java.time.Instant.parse("2025-12-14T18:34:52Z").toEpochMilli()));
        assertThat(classifier.classify(Provider.ZAI, 429, headers(), NO_BODY, NOW))
                .isEqualTo(new Verdict.RateLimited(NOW + ResponseClassifier.UNKNOWN_RESET_MS));
    }

    @Test
    void retry_after_accepts_an_http_date() {
        assertThat(RateLimitHeaders.retryAfter("Thu, 09 Oct 2025 09:00:00 GMT", NOW)).isEqualTo(1_760_000_400_000L);
        assertThat(RateLimitHeaders.retryAfter("soon", NOW)).isNull();
    }
}
