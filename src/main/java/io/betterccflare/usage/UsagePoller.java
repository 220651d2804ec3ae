package io.betterccflare.usage;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.routing.Refusal;
import io.betterccflare.accounts.Provider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code GET <anthropic>/api/oauth/usage} for every Anthropic OAuth account and stores the answer
 * in {@code accounts.usage_data}. {@link #pollDue} is one tick, run every {@link #TICK_MS} by the app's
 * scheduler: it reads the accounts afresh (so accounts added at runtime are included) and polls those
 * whose next poll time has come. After a success the next poll is one interval later ±20 % jitter; a 429
 * waits for {@code retry-after} (at least the backoff); other failures back off exponentially up to
 * 30 minutes. Tokens come from {@link AccessTokens}, so they are always fresh.
 *
 * <p>Thread-safety: {@link #pollDue} must not run concurrently with itself (the scheduler runs it with a
 * fixed delay); the schedule map is concurrent so it may be read from elsewhere.
 */
public final class UsagePoller {
    public static final long TICK_MS = 5_000;
    static final long MAX_BACKOFF_MS = 30 * 60_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_STORED_CHARS = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(UsagePoller.class);

    private final AccountStore store;
    private final AccessTokens tokens;
    private final HttpClient http;
    private final URI usageUri;
    private final long intervalMs;
    private final Clock clock;
    private final RandomGenerator random;
    private final Consumer<ScopedLockouts.Lockout> spentFamilies;
    private final ConcurrentHashMap<String, Schedule> schedule = new ConcurrentHashMap<>();

    /** When an account is polled next, and how many polls in a row failed. */
    private record Schedule(long nextAt, int failures) {
    }

    public UsagePoller(AccountStore store, AccessTokens tokens, HttpClient http, URI anthropicBase, long intervalMs,
                       Clock clock, RandomGenerator random) {
        this(store, tokens, http, anthropicBase, intervalMs, clock, random, lockout -> { });
    }

    /**
     * @param spentFamilies told of each model family whose own weekly cap the answer shows spent, as a lockout
     *                      of that family on the account until the cap resets (issue 11)
     */
    public UsagePoller(AccountStore store, AccessTokens tokens, HttpClient http, URI anthropicBase, long intervalMs,
                       Clock clock, RandomGenerator random, Consumer<ScopedLockouts.Lockout> spentFamilies) {
        this.spentFamilies = spentFamilies;
        this.store = store;
        this.tokens = tokens;
        this.http = http;
        this.usageUri = URI.create(anthropicBase + "/api/oauth/usage");
        this.intervalMs = intervalMs;
        this.clock = clock;
        this.random = random;
    }

    /** Polls every due account once; returns how many answers were stored. Never throws for one account. */
    public int pollDue() {
        int stored = 0;
        Set<String> seen = new HashSet<>();
        for (Account account : store.all()) {
            if (account.provider() != Provider.ANTHROPIC || !account.credentials().usesOAuth() || account.requiresReauth()) {
                continue;
            }
            seen.add(account.id());
            Schedule next = schedule.get(account.id());
            if (next != null && next.nextAt() > clock.millis()) {
                continue;
            }
            try {
                if (poll(account, next == null ? 0 : next.failures())) {
                    stored++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Usage poll for account '{}' failed: {}", account.name(), e.toString());
                schedule.put(account.id(), new Schedule(clock.millis() + backoff(1), 1));
            }
        }
        schedule.keySet().retainAll(seen);
        return stored;
    }

    private boolean poll(Account account, int failures) {
        String token;
        try {
            token = tokens.bearerToken(account);
        } catch (AccessTokens.TokenUnavailableException e) {
            LOG.debug("Usage poll for account '{}' skipped: {}", account.name(), e.getMessage());
            schedule.put(account.id(), new Schedule(clock.millis() + jittered(intervalMs), failures));
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(usageUri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("anthropic-beta", "oauth-2025-04-20")
                .header("Accept", "application/json")
                .header("User-Agent", "claude-code/2.1.331")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return failed(account, failures, "cannot reach " + usageUri.getAuthority() + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long now = clock.millis();
        int status = response.statusCode();
        if (status == 200) {
            String body = response.body();
            if (UsageWindows.parse(body).equals(UsageWindows.EMPTY) || body.length() > MAX_STORED_CHARS) {
                return failed(account, failures, "answer without usage windows", null);
            }
            store.setUsage(account.id(), body, now);
            for (UsageWindows.SpentFamily spent : UsageWindows.parse(body).spentFamilies(Instant.ofEpochMilli(now))) {
                spentFamilies.accept(new ScopedLockouts.Lockout(account.id(), spent.family(), spent.resetsAt().toEpochMilli(),
                        Refusal.RATE_LIMITED, spent.window()));
            }
            schedule.put(account.id(), new Schedule(now + jittered(intervalMs), 0));
            return true;
        }
        Long retryAfter = status == 429
                ? response.headers().firstValue("retry-after").map(UsagePoller::retryAfterMs).orElse(null)
                : null;
        return failed(account, failures, "HTTP " + status, retryAfter);
    }

    private boolean failed(Account account, int failures, String why, Long retryAfterMs) {
        int count = failures + 1;
        long wait = retryAfterMs == null ? backoff(count) : Math.max(retryAfterMs, backoff(count));
        schedule.put(account.id(), new Schedule(clock.millis() + wait, count));
        LOG.warn("Usage poll for account '{}' failed ({}); next try in {} s", account.name(), why, wait / 1000);
        return false;
    }

    /** The interval doubled per failure in a row, capped at 30 minutes, with jitter. */
    private long backoff(int failures) {
        long delay = Math.min(MAX_BACKOFF_MS, intervalMs << Math.min(failures, 20));
        return Math.min(MAX_BACKOFF_MS, jittered(delay));
    }

    private long jittered(long ms) {
        return (long) (ms * (0.8 + 0.4 * random.nextDouble()));
    }

    private static Long retryAfterMs(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim())) * 1000;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
