package io.betterccflare.tokens;

/**
 * What one response reported: model, token counts, timing marks and how the stream ended. Token counts
 * are 0 when not reported; the 5-minute/1-hour cache-write split is null when the upstream did not send it.
 * {@code firstTokenAtMs}/{@code lastTokenAtMs} are 0 when not seen. Immutable.
 *
 * @param error       the error the body reported (an in-stream {@code error} event or an error body), else null
 * @param complete     true when a stream reached {@code message_stop} or a {@code message_delta} carrying a
 *                     stop reason (always true for a JSON body)
 */
public record Usage(String model, long inputTokens, long cacheReadInputTokens, long cacheCreationInputTokens,
                    Long cacheCreation5mInputTokens, Long cacheCreation1hInputTokens, long outputTokens,
                    long firstTokenAtMs, long lastTokenAtMs, String error, boolean complete) {

    /** Nothing was found (no model): token columns stay NULL. */
    public static final Usage NONE = new Usage(null, 0, 0, 0, null, null, 0, 0, 0, null, true);

    public boolean hasModel() {
        return model != null && !model.isEmpty();
    }

    /** input + cache read + cache creation. */
    public long promptTokens() {
        return inputTokens + cacheReadInputTokens + cacheCreationInputTokens;
    }

    /** input + output + cache read + cache creation. */
    public long totalTokens() {
        return promptTokens() + outputTokens;
    }

    /**
     * Output tokens per second (reference-core §9.6): null without output; z.ai {@code glm-} models over the
     * whole response time; others over the first-to-last token span when positive, else the whole time.
     */
    public Double outputTokensPerSecond(long responseTimeMs) {
        if (outputTokens <= 0) {
            return null;
        }
        double total = responseTimeMs / 1000.0;
        if (total <= 0) {
            return outputTokens / 0.001;
        }
        boolean glm = model != null && model.startsWith("glm-");
        if (!glm && firstTokenAtMs > 0 && lastTokenAtMs > firstTokenAtMs) {
            return outputTokens / ((lastTokenAtMs - firstTokenAtMs) / 1000.0);
        }
        return outputTokens / total;
    }
}
