package io.betterccflare.analytics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code /api/analytics} request. {@link #parse} validates every parameter and throws
 * {@link IllegalArgumentException} with the reference's message templates. Immutable.
 *
 * @param accounts account names to keep ({@code no_account} = rows without an account), null for all
 * @param models   model ids to keep, null for all
 * @param success  true/false for the success/error status filter, null for all
 * @param agents   agent ids to keep ({@code agents=}, issue 14), null for all
 * @param apiKeys  API key names or ids to keep ({@code apiKeys=}), null for all
 */
public record AnalyticsQuery(Range range, String rangeLabel, boolean cumulative, List<String> accounts, List<String> models,
                             Boolean success, boolean modelBreakdown, List<String> agents, List<String> apiKeys) {

    /** From query parameters (first value of each); absent parameters take the reference's defaults. */
    public static AnalyticsQuery parse(Map<String, String> params) {
        String rangeLabel = params.getOrDefault("range", "24h");
        Range range = Range.parse(rangeLabel);
        String mode = params.getOrDefault("mode", "normal");
        if (!mode.equals("normal") && !mode.equals("cumulative")) {
            throw new IllegalArgumentException("mode must be one of: normal, cumulative");
        }
        String status = params.getOrDefault("status", "all");
        Boolean success = switch (status) {
            case "all" -> null;
            case "success" -> true;
            case "error" -> false;
            default -> throw new IllegalArgumentException("status must be one of: all, success, error");
        };
        return new AnalyticsQuery(range, rangeLabel, mode.equals("cumulative"), list(params.get("accounts")),
                list(params.get("models")), success, "true".equals(params.get("modelBreakdown")), list(params.get("agents")),
                list(params.get("apiKeys")));
    }

    private static List<String> list(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        List<String> values = Arrays.stream(raw.split(",")).map(String::trim).filter(value -> !value.isEmpty()).toList();
        return values.isEmpty() ? null : values;
    }
}
