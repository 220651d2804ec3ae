package io.betterccflare.requests;

/**
 * One row of the {@code requests} table. Usage columns are null when zero or unknown (as the reference
 * writes them); {@code costUsd} is null when the model has no known price. {@code timestamp} is the time
 * the request started. {@code accountsTried} is a JSON array of the attempts. {@code agentUsed} is the agent the
 * request was attributed to; {@code originalModel} the model the client asked for and {@code appliedModel} the one
 * sent upstream (they differ when an agent preference or an account's model mapping applied).
 * {@code apiKeyId}/{@code apiKeyName} name the client's API key (null when keys are off). Immutable.
 */
public record RequestRecord(
        String id,
        long timestamp,
        String method,
        String path,
        String accountUsed,
        Integer statusCode,
        boolean success,
        String errorMessage,
        Long responseTimeMs,
        int failoverAttempts,
        String model,
        Long promptTokens,
        Long completionTokens,
        Long totalTokens,
        Double costUsd,
        Long inputTokens,
        Long cacheReadInputTokens,
        Long cacheCreationInputTokens,
        Long cacheCreation5mInputTokens,
        Long cacheCreation1hInputTokens,
        Long outputTokens,
        String agentUsed,
        Double tokensPerSecond,
        String accountsTried,
        boolean stream,
        String originalModel,
        String appliedModel,
        String apiKeyId,
        String apiKeyName) {
}
