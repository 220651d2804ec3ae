package io.betterccflare.tui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the REST API that the terminal UI reads (reference-surface §2.4 and §9), as records.
 * Unknown fields are ignored, missing ones are null or zero. Immutable and thread-safe.
 */
final class ApiRecords {
    private ApiRecords() {
    }

    /** One agent of {@code GET /api/agents} (issue 14); {@code preferredModel} is null when requests keep their model. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Agent(String id, String name, String description, String model, String preferredModel, String source,
                 String workspace) {
    }

    /** {@code GET /api/agents}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Agents(List<Agent> agents, List<Agent> globalAgents, List<Agent> workspaceAgents) {
    }

    /** {@code GET /health}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Health(String status, int accounts, String timestamp, String strategy) {
    }

    /** One element of {@code GET /api/accounts}; {@code proxyUrl} is the account's own proxy, masked, or null. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Account(String id, String name, String provider, String mode, long requestCount, long totalRequests,
                   String lastUsed, String created, int tier, boolean paused, int priority, String tokenStatus,
                   String tokenExpiresAt, String rateLimitStatus, String rateLimitReset, Integer rateLimitRemaining,
                   String sessionInfo, Double usageUtilization, String usageWindow, Map<String, UsageWindow> usageData,
                   String rateLimitedUntil, String rateLimitedWindow, List<ModelLockout> modelLockouts, String proxyUrl) {
    }

    /** A model family kept off an account until {@code until} (ISO), because of {@code window}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelLockout(String family, String until, String window) {
    }

    /** One usage window of an Anthropic account. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UsageWindow(Double utilization, @JsonProperty("resets_at") String resetsAt) {
    }

    /** {@code GET /api/stats}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stats(long totalRequests, int successRate, int activeAccounts, long avgResponseTime, long totalTokens,
                 double totalCostUsd, List<TopModel> topModels, Double avgTokensPerSecond, List<AccountStat> accounts,
                 List<String> recentErrors, List<KeyUsage> byApiKey) {
        Stats {
            byApiKey = byApiKey == null ? List.of() : List.copyOf(byApiKey);
            topModels = topModels == null ? List.of() : List.copyOf(topModels);
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
            recentErrors = recentErrors == null ? List.of() : List.copyOf(recentErrors);
        }
    }

    /** One element of {@code byApiKey} in {@code GET /api/stats}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyUsage(String apiKeyId, String apiKeyName, long requests, long successRate, long totalTokens, double costUsd) {
    }

    /** One element of {@code data} in {@code GET /api/api-keys}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiKey(String id, String name, String prefixLast8, String role, long usageCount, String lastUsed,
                  List<String> allowedModels, Integer maxConcurrent, Integer rpm, Long tokensPer5h, Long tokensPerDay,
                  String expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TopModel(String model, long count, double percentage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountStat(String name, long requestCount, int successRate, long totalRequests) {
    }

    /** One element of {@code GET /api/requests}; optional numbers are null when the API omits them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Request(String id, String timestamp, String method, String path, String accountUsed, Integer statusCode,
                   boolean success, String errorMessage, Long responseTimeMs, int failoverAttempts, String model,
                   Long inputTokens, Long cacheReadInputTokens, Long cacheCreationInputTokens, Long outputTokens,
                   Long totalTokens, Double costUsd, String agentUsed, Double tokensPerSecond) {
    }

    /** {@code GET /api/analytics}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Analytics(Meta meta, Totals totals, List<TimePoint> timeSeries, TokenBreakdown tokenBreakdown,
                     List<ModelCount> modelDistribution, List<AccountPerformance> accountPerformance,
                     List<ModelCost> costByModel) {
        Analytics {
            timeSeries = timeSeries == null ? List.of() : List.copyOf(timeSeries);
            modelDistribution = modelDistribution == null ? List.of() : List.copyOf(modelDistribution);
            accountPerformance = accountPerformance == null ? List.of() : List.copyOf(accountPerformance);
            costByModel = costByModel == null ? List.of() : List.copyOf(costByModel);
            tokenBreakdown = tokenBreakdown == null ? new TokenBreakdown(0, 0, 0, 0) : tokenBreakdown;
            totals = totals == null ? new Totals(0, 0, 0, 0, 0, 0, null) : totals;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Meta(String range, String bucket, boolean cumulative) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Totals(long requests, double successRate, int activeAccounts, double avgResponseTime, long totalTokens,
                  double totalCostUsd, Double avgTokensPerSecond) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TimePoint(long ts, long requests, long tokens, double costUsd, double successRate, double errorRate,
                     double cacheHitRate, double avgResponseTime, Double avgTokensPerSecond) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenBreakdown(long inputTokens, long cacheReadInputTokens, long cacheCreationInputTokens, long outputTokens) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelCount(String model, long count) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountPerformance(String name, long requests, double successRate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelCost(String model, double costUsd, long requests, long totalTokens) {
    }

    /** One log line from {@code /api/logs/history} or {@code /api/logs/stream}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogEvent(long ts, String level, String msg) {
    }

    /** {@code POST /api/oauth/init}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OAuthStart(String authUrl, String sessionId) {
    }
}
