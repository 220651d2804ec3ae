package io.betterccflare.autorefresh;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.Provider;
import io.betterccflare.usage.UsageWindows;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the next usage window of opted-in accounts as soon as the last one has reset. {@link #runOnce}
 * is one check (the app runs it every {@link #CHECK_MS}): for each Anthropic account with auto-refresh on,
 * not paused and not waiting for re-authentication, whose known window end (stored unified reset, the
 * usage poller's 5-hour reset, or the end recorded at its last probe) has passed or was never seen, it
 * sends one {@code max_tokens: 1} message to {@code <local proxy>/v1/messages} pinned with
 * {@code x-better-ccflare-account-id}, so the proxy's normal token, header and logging rules apply.
 * The new window's reset is read from the response headers and stored; the account is not probed again
 * before it. A 401 disables auto-refresh for the account (it needs re-authentication); a 404 tries the
 * next model.
 *
 * <p>Thread-safety: {@link #runOnce} must not run concurrently with itself (the scheduler runs it with a
 * fixed delay, so checks never overlap); the per-account map is concurrent.
 */
public final class AutoRefreshScheduler {
    public static final long CHECK_MS = 60_000;
    static final long WINDOW_MS = 5 * 3_600_000L;
    static final long RETRY_AFTER_FAILURE_MS = 15 * 60_000L;
    static final List<String> MODELS = List.of("claude-haiku-4-5", "claude-sonnet-4-5", "claude-sonnet-4");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(AutoRefreshScheduler.class);

    private final AccountStore store;
    private final HttpClient http;
    private final Supplier<URI> proxyBase;
    private final Clock clock;
    private final String probeToken;
    private final String proxyKey;
    private final ConcurrentHashMap<String, Long> notBefore = new ConcurrentHashMap<>();

    /**
     * @param proxyBase the local proxy's base URL ({@code http://127.0.0.1:<bound port>}), asked at each probe
     */
    public AutoRefreshScheduler(AccountStore store, HttpClient http, Supplier<URI> proxyBase, Clock clock) {
        this(store, http, proxyBase, clock, "true", null);
    }

    /**
     * @param probeToken sent in {@code x-better-ccflare-auto-refresh}: the proxy lets a probe carrying its own
     *                   token reach an account that is locked out (issue 11)
     * @param proxyKey   sent in {@code x-api-key}: this process's own admin secret, which the proxy asks for once
     *                   API keys exist (issue 15), and which it never forwards; null sends none
     */
    public AutoRefreshScheduler(AccountStore store, HttpClient http, Supplier<URI> proxyBase, Clock clock, String probeToken,
                                String proxyKey) {
        this.probeToken = probeToken;
        this.proxyKey = proxyKey;
        this.store = store;
        this.http = http;
        this.proxyBase = proxyBase;
        this.clock = clock;
    }

    /** One check; returns how many probes were sent. Never throws for one account's failure. */
    public int runOnce() {
        int sent = 0;
        Set<String> enabled = new HashSet<>();
        for (Account account : store.all()) {
            if (account.provider() != Provider.ANTHROPIC || !account.autoRefreshEnabled()) {
                continue;
            }
            enabled.add(account.id());
            if (account.paused() || account.requiresReauth() || !windowHasReset(account, clock.millis())) {
                continue;
            }
            try {
                probe(account);
                sent++;
            } catch (RuntimeException e) {
                LOG.warn("Auto-refresh of account '{}' failed: {}", account.name(), e.toString());
                notBefore.put(account.id(), clock.millis() + RETRY_AFTER_FAILURE_MS);
            }
        }
        notBefore.keySet().retainAll(enabled);
        return sent;
    }

    private boolean windowHasReset(Account account, long now) {
        Long end = latest(account.rateLimit().reset(), notBefore.get(account.id()));
        Instant usageReset = Optional.ofNullable(UsageWindows.parse(account.usageData()).fiveHour())
                .map(UsageWindows.Window::resetsAt).orElse(null);
        end = latest(end, usageReset == null ? null : usageReset.toEpochMilli());
        return end == null || end <= now;
    }

    private void probe(Account account) {
        for (String model : MODELS) {
            HttpResponse<String> response = send(account, model);
            int status = response.statusCode();
            if (status == 404) {
                continue;
            }
            long now = clock.millis();
            if (status == 401) {
                store.setAutoRefresh(account.id(), false);
                notBefore.remove(account.id());
                LOG.warn("Auto-refresh probe for account '{}' got 401: auto-refresh disabled; the account needs"
                        + " re-authentication (better-ccflare --reauth \"{}\")", account.name(), account.name());
                return;
            }
            Long reset = resetOf(response.headers());
            if (status / 100 == 2) {
                if (reset != null) {
                    store.recordWindow(account.id(), header(response.headers(), "anthropic-ratelimit-unified-status"), reset,
                            longHeader(response.headers(), "anthropic-ratelimit-unified-remaining"), now);
                }
                long next = reset != null && reset > now ? reset : now + WINDOW_MS;
                notBefore.put(account.id(), next);
                LOG.info("Auto-refresh started a new window for account '{}' (resets {})", account.name(), Instant.ofEpochMilli(next));
            } else {
                notBefore.put(account.id(), reset != null && reset > now ? reset : now + RETRY_AFTER_FAILURE_MS);
                LOG.warn("Auto-refresh probe for account '{}' got HTTP {}", account.name(), status);
            }
            return;
        }
        notBefore.put(account.id(), clock.millis() + RETRY_AFTER_FAILURE_MS);
        LOG.warn("Auto-refresh probe for account '{}': no model was found (404 for {})", account.name(), MODELS);
    }

    private HttpResponse<String> send(Account account, String model) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(proxyBase.get().resolve("/v1/messages"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "oauth-2025-04-20")
                .header("x-better-ccflare-account-id", account.id())
                .header("x-better-ccflare-bypass-session", "true")
                .header("x-better-ccflare-auto-refresh", probeToken)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (proxyKey != null) {
            request.header("x-api-key", proxyKey);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the local proxy at " + proxyBase.get() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The unified reset (epoch seconds → ms), else the 5-hour window's reset. */
    private static Long resetOf(HttpHeaders headers) {
        Long reset = longHeader(headers, "anthropic-ratelimit-unified-reset");
        if (reset == null) {
            reset = longHeader(headers, "anthropic-ratelimit-unified-5h-reset");
        }
        return reset == null ? null : reset * 1000;
    }

    private static String header(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(String::trim).filter(value -> !value.isEmpty()).orElse(null);
    }

    private static Long longHeader(HttpHeaders headers, String name) {
        String value = header(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return (long) Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long latest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.max(a, b);
    }
}
