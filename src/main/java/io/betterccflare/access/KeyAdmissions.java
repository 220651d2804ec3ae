package io.betterccflare.access;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.betterccflare.proxy.ClientAccess;
import io.betterccflare.server.Json;
import io.betterccflare.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's {@link ClientAccess}: the caller is the key {@link AccessFilter} authenticated; a request is refused
 * before routing (so nothing reaches an upstream) when an api-only key pins an account (403), when its model is not
 * in the key's allowlist (403), when the key's logged tokens in the last 5 hours or 24 hours reached its limit (429),
 * or when its requests in flight or started in the last minute reached {@code maxConcurrent} or {@code rpm} (429).
 * Every 429 names the limit and carries {@code Retry-After}. Counts live in the database ({@link ApiKeyStore}), so
 * they hold across instances; token totals come from the request log, which is written in batches, so a burst may
 * pass a token limit by the requests still in flight. Thread-safe.
 */
public final class KeyAdmissions implements ClientAccess {
    private static final Logger LOG = LoggerFactory.getLogger(KeyAdmissions.class);
    private static final long FIVE_HOURS_MS = 5 * 3_600_000L;
    private static final long DAY_MS = 24 * 3_600_000L;
    private static final long MINUTE_MS = 60_000L;

    private final ApiKeys keys;
    private final Clock clock;

    public KeyAdmissions(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Caller caller(HttpServletRequest clientRequest) {
        return clientRequest.getAttribute(AccessFilter.KEY_ATTRIBUTE) instanceof ApiKey key
                ? new Caller(key.id(), key.name(), key.admin()) : Caller.ANONYMOUS;
    }

    @Override
    public Admission admit(Caller caller, byte[] body, boolean pinned) {
        if (caller.anonymous()) {
            return Admission.Admitted.FREE;
        }
        if (pinned && !caller.admin()) {
            return new Admission.Denied(403, "permission_error", "API key '" + caller.keyName()
                    + "' has the api-only role: only admin keys may pin an account with x-better-ccflare-account-id", 0);
        }
        ApiKey key = keys.byId(caller.keyId()).orElse(null);
        if (key == null) {
            return new Admission.Denied(401, "authentication_error", "API key '" + caller.keyName() + "' was revoked", 0);
        }
        KeyLimits limits = key.limits();
        if (!limits.allowedModels().isEmpty()) {
            String model = model(body);
            if (!limits.allows(model)) {
                return new Admission.Denied(403, "permission_error", "Model '" + (model == null ? "(none)" : model)
                        + "' is not allowed for API key '" + key.name() + "' (allowed: "
                        + String.join(", ", limits.allowedModels()) + ")", 0);
            }
        }
        long now = clock.millis();
        Admission tokens = tokens(key, limits.tokensPer5h(), FIVE_HOURS_MS, "tokens per 5 hours", now);
        if (tokens == null) {
            tokens = tokens(key, limits.tokensPerDay(), DAY_MS, "tokens per day", now);
        }
        if (tokens != null) {
            return tokens;
        }
        return limits.counted() ? count(key, limits, now) : Admission.Admitted.FREE;
    }

    private Admission tokens(ApiKey key, Long limit, long windowMs, String label, long now) {
        if (limit == null) {
            return null;
        }
        long[] used = keys.store().tokensSince(key.id(), now - windowMs);
        if (used[0] < limit) {
            return null;
        }
        return new Admission.Denied(429, "rate_limit_error", "API key '" + key.name() + "' reached its limit of "
                + limit + " " + label + " (" + used[0] + " used)", seconds(used[1] + windowMs - now));
    }

    private Admission count(ApiKey key, KeyLimits limits, long now) {
        String admissionId = UUID.randomUUID().toString();
        ApiKeyStore.Counts counts = keys.store().admit(key.id(), admissionId, now, seen -> refusal(key, limits, seen, now) == null);
        Admission refused = refusal(key, limits, counts, now);
        if (refused != null) {
            return refused;
        }
        return new Admission.Admitted(() -> release(admissionId));
    }

    private static Admission refusal(ApiKey key, KeyLimits limits, ApiKeyStore.Counts counts, long now) {
        if (limits.maxConcurrent() != null && counts.open() >= limits.maxConcurrent()) {
            return new Admission.Denied(429, "rate_limit_error", "API key '" + key.name() + "' reached its limit of "
                    + limits.maxConcurrent() + " concurrent requests", 1);
        }
        if (limits.rpm() != null && counts.lastMinute() >= limits.rpm()) {
            long oldest = counts.oldestInMinute() == null ? now : counts.oldestInMinute();
            return new Admission.Denied(429, "rate_limit_error", "API key '" + key.name() + "' reached its limit of "
                    + limits.rpm() + " requests per minute", seconds(oldest + MINUTE_MS - now));
        }
        return null;
    }

    private void release(String admissionId) {
        try {
            keys.store().release(admissionId);
        } catch (StoreException e) {
            // The admission stops counting after ApiKeyStore.STALE_ADMISSION_MS anyway.
            LOG.warn("Could not release an API key admission: {}", e.getMessage());
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    /** The top-level {@code model} of a JSON body, or null. */
    static String model(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("model")) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
