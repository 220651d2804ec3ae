package io.betterccflare.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Provider;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies an upstream response for an account (reference-core §0.2 and §4.2, decisions 5 and 16,
 * lessons-2026 §3): a 429 or a hard unified status benches the account until the latest reset of the
 * account-wide windows ({@code 5h}, {@code 7d}) that rejected, or only the requested model family when
 * another scope rejected; without per-window statuses, the unified reset, the classic headers,
 * {@code x-ratelimit-reset} or the z.ai 1308 body (UTC+8) give the time. A 429 with no window information
 * or an overage-only rejection is request-scoped. 529 overloaded; 401/403 auth; 5xx server failure.
 * Stateless; thread-safe.
 */
public final class ResponseClassifier {
    /** Anthropic 429 without any reset hint. */
    static final long DEFAULT_LIMIT_MS = 60_000;
    /** Limited with a unified status (or z.ai) but no reset known. */
    static final long UNKNOWN_RESET_MS = 5 * 3_600_000L;
    static final long OVERLOAD_COOLDOWN_MS = 10_000;
    /** The lockout when the reset a response names has already passed. */
    static final long PASSED_RESET_MS = 1_000;
    /** The longest retry hint a request-scoped 429 gives the client. */
    static final long REQUEST_LIMIT_MAX_MS = 60_000;
    static final long AUTH_COOLDOWN_MS = 60_000;
    private static final int MAX_FAILURE_TEXT = 200;

    private static final Set<String> HARD_STATUSES = Set.of("rate_limited", "blocked", "queueing_hard", "payment_required");
    private static final Pattern ZAI_RESET = Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})");
    private static final DateTimeFormatter ZAI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneOffset ZAI_ZONE = ZoneOffset.ofHours(8);

    /** True when the verdict may depend on the body, so the proxy should read it (it is small then). */
    public static boolean needsBody(int status) {
        return status == 429 || status == 401 || status == 403 || status == 529 || serverFailure(status);
    }

    /** Classifies without knowing the request's model family; see {@link #classify(Provider, int, RateLimitHeaders, String, byte[], long)}. */
    public Verdict classify(Provider provider, int status, RateLimitHeaders limits, byte[] body, long now) {
        return classify(provider, status, limits, null, body, now);
    }

    /**
     * Classifies a response that an account's credentials produced.
     *
     * @param family the requested model's family ({@link ModelFamily#of}), or null when unknown
     * @param body   the error body when {@link #needsBody} said so, else empty
     */
    public Verdict classify(Provider provider, int status, RateLimitHeaders limits, String family, byte[] body, long now) {
        if (provider == Provider.ZAI) {
            Long zaiReset = zaiLimitReset(body);
            if (status == 429 || zaiReset != null) {
                Long until = limits.retryAfter() != null ? limits.retryAfter() : zaiReset;
                return new Verdict.RateLimited(future(until, now, UNKNOWN_RESET_MS), null, "zai");
            }
        } else if (status == 429 || (limits.status() != null && HARD_STATUSES.contains(limits.status()))) {
            return anthropicLimit(limits, family, now);
        }
        if (status == 529) {
            return new Verdict.Overloaded(now + OVERLOAD_COOLDOWN_MS);
        }
        if (status == 401 || status == 403) {
            return new Verdict.AuthRejected(now + AUTH_COOLDOWN_MS, status + " " + errorText(body));
        }
        if (serverFailure(status)) {
            return new Verdict.ServerFailure(status);
        }
        return new Verdict.Serve(status >= 200 && status < 300);
    }

    /** The 5xx statuses decision 5 fails over on (not 501, which says the upstream lacks the method). */
    private static boolean serverFailure(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * An Anthropic 429 (lessons-2026 §3): the account-wide windows that rejected bench the account until the
     * latest of their resets (never the aggregate reset, which follows the representative claim); other
     * rejected scopes bench only the requested model family; overage-only and windowless 429s bench nothing.
     */
    private static Verdict anthropicLimit(RateLimitHeaders limits, String family, long now) {
        if (!limits.windows().isEmpty()) {
            List<UnifiedWindow> rejected = limits.rejectedWindows();
            List<UnifiedWindow> accountWide = rejected.stream().filter(UnifiedWindow::accountWide).toList();
            if (!accountWide.isEmpty()) {
                return new Verdict.RateLimited(future(latestReset(accountWide), now, UNKNOWN_RESET_MS), null, scopes(accountWide));
            }
            List<UnifiedWindow> scoped = rejected.stream().filter(w -> !w.overage()).toList();
            if (!scoped.isEmpty() && family != null) {
                return new Verdict.RateLimited(future(latestReset(scoped), now, UNKNOWN_RESET_MS), family, scopes(scoped));
            }
            return requestLimited(limits, now);
        }
        if (limits.hasUnified()) {
            if (!"rejected".equals(limits.status()) && !HARD_STATUSES.contains(limits.status())
                    || "overage".equals(limits.representativeClaim())) {
                return requestLimited(limits, now);
            }
            Long until = limits.reset() != null ? limits.reset() : limits.retryAfter();
            return new Verdict.RateLimited(future(until, now, UNKNOWN_RESET_MS), null, "unified");
        }
        if (limits.hasClassic()) {
            Long until = limits.classicReset() != null ? limits.classicReset()
                    : limits.retryAfter() != null ? limits.retryAfter() : limits.exhaustedClassicReset();
            return new Verdict.RateLimited(future(until, now, DEFAULT_LIMIT_MS), null, "classic");
        }
        if (limits.classicReset() != null && limits.classicReset() > now) {
            return new Verdict.RateLimited(limits.classicReset(), null, "x-ratelimit-reset");
        }
        return requestLimited(limits, now);
    }

    /** A request-scoped 429: the client's hint is {@code retry-after} kept within 1 s .. {@link #REQUEST_LIMIT_MAX_MS}. */
    private static Verdict requestLimited(RateLimitHeaders limits, long now) {
        long retryAt = limits.retryAfter() == null ? now + 1_000 : limits.retryAfter();
        return new Verdict.RequestLimited(Math.clamp(retryAt, now + 1_000, now + REQUEST_LIMIT_MAX_MS));
    }

    private static Long latestReset(List<UnifiedWindow> windows) {
        Long latest = null;
        for (UnifiedWindow window : windows) {
            if (window.reset() != null && (latest == null || window.reset() > latest)) {
                latest = window.reset();
            }
        }
        return latest;
    }

    private static String scopes(List<UnifiedWindow> windows) {
        return String.join(",", windows.stream().map(UnifiedWindow::scope).toList());
    }

    /**
     * A lockout must lie in the future: a missing reset gets the default; a reset already passed (the headers
     * carry whole seconds, so a 429 in the last second of a window names a reset a moment ago) gets
     * {@link #PASSED_RESET_MS}, never the long default.
     */
    private static long future(Long until, long now, long defaultMs) {
        if (until == null) {
            return now + defaultMs;
        }
        return until > now ? until : now + PASSED_RESET_MS;
    }

    /** The reset of a z.ai 1308 error body ("... reset at 2025-12-15 02:34:52", UTC+8), or null. */
    static Long zaiLimitReset(byte[] body) {
        JsonNode error = errorNode(body);
        if (error == null || !"1308".equals(error.path("type").asText())) {
            return null;
        }
        Matcher matcher = ZAI_RESET.matcher(error.path("message").asText());
        if (!matcher.find()) {
            return null;
        }
        try {
            return LocalDateTime.parse(matcher.group(1), ZAI_TIME).toInstant(ZAI_ZONE).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "type: message" of an Anthropic error envelope, shortened; the upstream's words, no credentials. */
    private static String errorText(byte[] body) {
        JsonNode error = errorNode(body);
        String text = error == null ? "upstream refused the credentials"
                : error.path("type").asText("error") + ": " + error.path("message").asText("");
        return text.length() > MAX_FAILURE_TEXT ? text.substring(0, MAX_FAILURE_TEXT) : text;
    }

    private static JsonNode errorNode(byte[] body) {
        if (body == null || body.length == 0 || body[0] != '{') {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
            JsonNode error = root.path("error");
            return error.isObject() ? error : null;
        } catch (IOException e) {
            return null;
        }
    }
}
