package io.betterccflare.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The settings the API can change while the server runs: load-balancing strategy, default agent model
 * and retention days. Starts from the {@link Config}; each change is first written to the config file
 * (so it survives a restart) and then published as a new immutable {@link Snapshot}. Readers see the
 * latest snapshot without locking; writers are serialised. Values are validated by the callers
 * (the API) before they get here; this class re-checks ranges and throws {@link IllegalArgumentException}.
 * Thread-safe.
 */
public final class RuntimeSettings {
    public static final int MIN_PAYLOAD_DAYS = 1;
    public static final int MAX_PAYLOAD_DAYS = 365;
    public static final int MIN_REQUEST_DAYS = 1;
    public static final int MAX_REQUEST_DAYS = 3650;

    /** One consistent view of the runtime settings. */
    public record Snapshot(String strategy, String defaultAgentModel, int payloadRetentionDays, int requestRetentionDays) {
        public Snapshot {
            Objects.requireNonNull(strategy, "strategy == null");
            Objects.requireNonNull(defaultAgentModel, "defaultAgentModel == null");
        }
    }

    private final ConfigFile file;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Snapshot current;

    public RuntimeSettings(Config config, ConfigFile file) {
        this.file = file;
        this.current = new Snapshot(config.routing().strategy(), config.defaultAgentModel(),
                config.retention().payloadDays(), config.retention().requestDays());
    }

    public Snapshot current() {
        return current;
    }

    public String strategy() {
        return current.strategy();
    }

    public String defaultAgentModel() {
        return current.defaultAgentModel();
    }

    public void setStrategy(String strategy) {
        if (!ConfigLoader.STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("strategy must be one of: " + String.join(", ", ConfigLoader.STRATEGIES));
        }
        change(Map.of("lb_strategy", strategy), s -> new Snapshot(strategy, s.defaultAgentModel(),
                s.payloadRetentionDays(), s.requestRetentionDays()));
    }

    public void setDefaultAgentModel(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Model is required");
        }
        String trimmed = model.trim();
        change(Map.of("default_agent_model", trimmed), s -> new Snapshot(s.strategy(), trimmed,
                s.payloadRetentionDays(), s.requestRetentionDays()));
    }

    /** Sets either or both retention values; null leaves one as it is. */
    public void setRetention(Integer payloadDays, Integer requestDays) {
        if (payloadDays == null && requestDays == null) {
            throw new IllegalArgumentException("No retention fields provided");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (payloadDays != null) {
            checkRange("payloadDays", payloadDays, MIN_PAYLOAD_DAYS, MAX_PAYLOAD_DAYS);
            values.put("data_retention_days", payloadDays);
        }
        if (requestDays != null) {
            checkRange("requestDays", requestDays, MIN_REQUEST_DAYS, MAX_REQUEST_DAYS);
            values.put("request_retention_days", requestDays);
        }
        change(values, s -> new Snapshot(s.strategy(), s.defaultAgentModel(),
                payloadDays == null ? s.payloadRetentionDays() : payloadDays,
                requestDays == null ? s.requestRetentionDays() : requestDays));
    }

    private void change(Map<String, Object> fileValues, java.util.function.UnaryOperator<Snapshot> update) {
        writeLock.lock();
        try {
            file.write(fileValues);
            current = update.apply(current);
        } finally {
            writeLock.unlock();
        }
    }

    private static void checkRange(String field, int value, int min, int max) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min);
        }
        if (value > max) {
            throw new IllegalArgumentException(field + " must be at most " + max);
        }
    }
}
