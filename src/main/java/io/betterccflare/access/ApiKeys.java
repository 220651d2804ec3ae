package io.betterccflare.access;

import io.betterccflare.metrics.MetricsRoutes;
import io.betterccflare.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The API keys: generate (a random {@code btr-} key, shown once, stored as its SHA-256), list, revoke, change role
 * and limits, authenticate (hash lookup plus a constant-time comparison), and dashboard sessions. Refuses any
 * change that would leave keys but no admin key (no lock-out) and a first key that is not an admin key.
 * Authentication reads an in-memory snapshot of the keys, reloaded after every change made here and at least
 * once a second (so keys made by the CLI or another instance apply within a second). Thread-safe.
 */
public final class ApiKeys {
    /** How long a dashboard login lasts. */
    static final long SESSION_MS = 12 * 3_600_000L;
    private static final long SNAPSHOT_NANOS = 1_000_000_000L;
    private static final String PREFIX = "btr-";

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final byte[] localDigest;
    private final String localSecret;
    private volatile Snapshot snapshot;

    /** The in-process terminal UI's admin identity: never stored, valid for this process only. */
    static final ApiKey LOCAL = new ApiKey("local-terminal-ui", "terminal-ui", "-", Role.ADMIN, 0, KeyLimits.NONE);

    private record Snapshot(List<Map.Entry<byte[], ApiKey>> digests, Map<String, ApiKey> byId, long loadedAtNanos) {
    }

    /** A new key and its secret, which exists nowhere else. */
    public record Generated(ApiKey key, String secret) {
    }

    ApiKeys(ApiKeyStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.localSecret = newSecret();
        this.localDigest = digest(localSecret);
    }

    /**
     * A secret that authenticates as an admin in this process only, for the terminal UI, which talks to its own
     * server over HTTP. It is never stored or shown.
     */
    public String localAdminSecret() {
        return localSecret;
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The keys of {@code database}. */
    public static ApiKeys open(io.betterccflare.store.Database database, Clock clock) {
        return new ApiKeys(new ApiKeyStore(database), clock, new SecureRandom());
    }

    ApiKeyStore store() {
        return store;
    }

    /** True once at least one key exists: then every path but {@code /health} needs a key. */
    public boolean enabled() {
        return !current().byId().isEmpty();
    }

    /** The key whose secret is {@code secret}, if any (expired keys included; callers check expiry). */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = digest(secret);
        ApiKey found = null;
        // Every stored digest is compared, each in constant time, so timing says nothing about which one matched.
        for (Map.Entry<byte[], ApiKey> entry : current().digests()) {
            if (MessageDigest.isEqual(entry.getKey(), presented)) {
                found = entry.getValue();
            }
        }
        if (MessageDigest.isEqual(localDigest, presented)) {
            found = LOCAL;
        }
        return Optional.ofNullable(found);
    }

    /** The key with this id as last loaded (at most a second old), if it still exists; the process's own too. */
    Optional<ApiKey> byId(String id) {
        return LOCAL.id().equals(id) ? Optional.of(LOCAL) : Optional.ofNullable(current().byId().get(id));
    }

    /**
     * Who may scrape {@code /metrics} (issue 13's hook): once a key exists, an admin key that has not expired, next to
     * the metrics token {@link MetricsRoutes} checks itself.
     */
    public MetricsRoutes.Access metricsAccess() {
        return new MetricsRoutes.Access() {
            @Override
            public boolean keysExist() {
                return enabled();
            }

            @Override
            public boolean isAdminKey(String presented) {
                return authenticate(presented).filter(key -> key.adminAt(clock.millis())).isPresent();
            }
        };
    }

    public List<ApiKey> list() {
        return store.all().stream().map(ApiKeyStore.Stored::key).toList();
    }

    /** How many requests each key id sent and when it last did, from the request log. */
    public Map<String, ApiKeyUsage> usage() {
        return store.usage();
    }

    /** The key named {@code nameOrId} (id first), or an {@link AccessException} of kind NOT_FOUND. */
    public ApiKey find(String nameOrId) {
        String wanted = nameOrId == null ? "" : nameOrId.trim();
        List<ApiKey> keys = list();
        return keys.stream().filter(k -> k.id().equals(wanted)).findFirst()
                .or(() -> keys.stream().filter(k -> k.name().equals(wanted)).findFirst())
                .orElseThrow(() -> AccessException.notFound("API key '" + wanted + "' not found"));
    }

    /** Creates a key; the secret is in the result only. A duplicate or blank name is refused. */
    public Generated generate(String name, Role role, KeyLimits limits) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw AccessException.invalid("API key name is required (1 to 100 characters)");
        }
        List<ApiKey> keys = list();
        if (keys.stream().anyMatch(k -> k.name().equals(trimmed))) {
            throw AccessException.invalid("An API key named '" + trimmed + "' already exists");
        }
        if (role != Role.ADMIN && keys.stream().noneMatch(ApiKey::admin)) {
            throw AccessException.invalid("The first API key must have the admin role: once a key exists, only admin"
                    + " keys may manage the server");
        }
        String secret = newSecret();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), trimmed, secret.substring(secret.length() - 8), role,
                clock.millis(), limits);
        store.insert(key, hash(secret));
        reload();
        return new Generated(key, secret);
    }

    /** Deletes a key. The last admin key cannot go while other keys remain. */
    public ApiKey revoke(String nameOrId) {
        ApiKey key = find(nameOrId);
        List<ApiKey> keys = list();
        if (key.admin() && keys.size() > 1 && keys.stream().filter(ApiKey::admin).count() == 1) {
            throw AccessException.invalid("Cannot revoke '" + key.name() + "': it is the last admin key"
                    + " (generate another admin key first, or revoke the api-only keys)");
        }
        store.delete(key.id());
        reload();
        return key;
    }

    /** Changes role (when non-null) and limits; demoting the last admin key is refused. */
    public ApiKey update(String nameOrId, Role role, Function<KeyLimits, KeyLimits> limits) {
        ApiKey key = find(nameOrId);
        Role newRole = role == null ? key.role() : role;
        if (key.admin() && newRole != Role.ADMIN && list().stream().filter(ApiKey::admin).count() == 1) {
            throw AccessException.invalid("Cannot change the role of '" + key.name() + "': it is the last admin key");
        }
        ApiKey updated = key.with(newRole, limits.apply(key.limits()));
        store.update(updated);
        reload();
        return updated;
    }

    /** Opens a dashboard session for an admin key; returns the cookie value. */
    String openSession(ApiKey key) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        store.insertSession(hash(token), key.id(), now, now + SESSION_MS);
        return token;
    }

    /** The key of an open session, if the session and its key still exist. */
    Optional<ApiKey> session(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return store.sessionKey(hash(token), clock.millis()).map(id -> current().byId().get(id));
    }

    void closeSession(String token) {
        if (token != null && !token.isEmpty()) {
            store.deleteSession(hash(token));
        }
    }

    private Snapshot current() {
        Snapshot seen = snapshot;
        if (seen == null || System.nanoTime() - seen.loadedAtNanos() > SNAPSHOT_NANOS) {
            try {
                return reload();
            } catch (StoreException e) {
                if (seen == null) {
                    throw e;
                }
                // Keep authenticating with the last known keys while the database is away.
                return seen;
            }
        }
        return seen;
    }

    private Snapshot reload() {
        List<ApiKeyStore.Stored> stored = store.all();
        Snapshot fresh = new Snapshot(
                stored.stream().map(s -> Map.entry(HexFormat.of().parseHex(s.hash()), s.key())).toList(),
                stored.stream().collect(Collectors.toUnmodifiableMap(s -> s.key().id(), ApiKeyStore.Stored::key)),
                System.nanoTime());
        snapshot = fresh;
        return fresh;
    }

    static String hash(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
