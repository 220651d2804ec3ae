package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the screens: rows, usage labels, series, details text, input parsing, the browser command. */
class ViewModelsTest {
    static ApiRecords.Account account(String name, boolean paused, Double usage, String window) {
        Map<String, ApiRecords.UsageWindow> data = new LinkedHashMap<>();
        data.put("five_hour", new ApiRecords.UsageWindow(usage, "2025-01-01T05:00:00Z"));
        return new ApiRecords.Account("id-1", name, "anthropic", "max", 3, 10, null, "2025-01-01T00:00:00Z", 5, paused, 7,
                "valid", null, "allowed (12m)", null, null, "Active: 3 reqs", usage, window, data, null, null, java.util.List.of(), null);
    }

    @Test
    void account_rows_fit_80_columns_with_status_rate_limit_usage_and_session() {
        String row = AccountsView.row(account("work", false, 45.4, "five_hour"), 80);
        assertThat(row).isEqualTo("work                5    7 active  allowed (12m)    5h 45%    Active: 3 reqs");
        assertThat(("   " + row).length()).isLessThanOrEqualTo(80);
        assertThat(AccountsView.header(80)).startsWith("   NAME").contains("TIER PRIO STATUS  RATE LIMIT       USAGE     SESSION");
        assertThat(AccountsView.row(account("a-very-long-account-name-indeed", true, null, null), 80))
                .startsWith("a-very-long-acc… ").contains(" paused ").contains(" -         Active");
        assertThat(AccountsView.usage(account("x", false, 99.6, "seven_day_opus"))).isEqualTo("7d-opus 100%");
    }

    static ApiRecords.Request request(Integer status, boolean success, String error) {
        return new ApiRecords.Request("0b5c0c8e-1111-2222-3333-444455556666", "2025-01-02T03:04:05Z", "POST", "/v1/messages", "work",
                status, success, error, 1500L, 0, "claude-sonnet-4-20250514", 10L, 0L, 0L, 20L, 30L, 0.0012, null, 13.3);
    }

    @Test
    void request_rows_show_time_status_account_model_tokens_cost_and_error() {
        assertThat(RequestsView.row(request(200, true, null), 78, ZoneOffset.UTC))
                .isEqualTo("03:04:05 200   work           sonnet-4-20250514         30   $0.0012");
        assertThat(RequestsView.row(request(429, false, "Rate limited upstream"), 200, ZoneOffset.UTC))
                .endsWith("$0.0012 RATE LIMITED Rate limited upstream");
        assertThat(RequestsView.row(request(null, false, "connect failed"), 200, ZoneOffset.UTC)).contains(" ERROR ");
        assertThat(RequestsView.statusStyle(request(200, true, null))).isEqualTo(Style.GOOD);
        assertThat(RequestsView.statusStyle(request(404, false, null))).isEqualTo(Style.WARN);
        assertThat(RequestsView.statusStyle(request(null, false, null))).isEqualTo(Style.BAD);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void request_details_decode_and_pretty_print_bodies_cut_at_500_characters() throws Exception {
        JsonNode payload = Json.MAPPER.readTree("{\"request\":{\"headers\":{\"content-type\":\"application/json\"},\"body\":\""
                + b64("{\"model\":\"m\"}") + "\"},\"response\":{\"status\":200,\"headers\":{},\"body\":\"" + b64("x".repeat(600)) + "\"}}");
        List<String> text = RequestDetailView.lines(request(200, true, null), payload, ZoneOffset.UTC).stream()
                .map(RequestDetailView.Line::text).toList();
        assertThat(text).contains("ID:            0b5c0c8e-1111-2222-3333-444455556666", "Time:          2025-01-02 03:04:05",
                "Status:        200", "Response Time: 1.5s", "  Total:          30", "  Cost:           $0.0012", "Response Status: 200",
                "    \"model\" : \"m\"", "    \"content-type\" : \"application/json\"", "  " + "x".repeat(500) + "…");
        assertThat(RequestDetailView.lines(request(200, true, null), null, ZoneOffset.UTC).getLast().text()).isEqualTo("No stored payload.");
        assertThat(RequestDetailView.body(Json.MAPPER.readTree("null"))).isEqualTo("(empty)");
        assertThat(RequestDetailView.body(Json.MAPPER.readTree("\"" + b64("data: {\"a\":1}\n\n") + "\""))).isEqualTo("data: {\"a\":1}");
    }

    @Test
    void analytics_series_fill_empty_buckets_with_zero_over_the_whole_window() {
        long hour = 3_600_000L;
        long now = 100 * hour + 1_000;
        ApiRecords.TimePoint a = new ApiRecords.TimePoint(97 * hour, 2, 100, 0.5, 100, 0, 0, 10, null);
        ApiRecords.TimePoint b = new ApiRecords.TimePoint(100 * hour, 3, 50, 0.25, 100, 0, 0, 20, null);
        ApiRecords.Analytics data = new ApiRecords.Analytics(new ApiRecords.Meta("6h", "1h", false), null, List.of(a, b), null,
                null, null, null);

        assertThat(AnalyticsView.series(data, 6 * hour, now, ApiRecords.TimePoint::requests)).containsExactly(0.0, 0.0, 2.0, 0.0, 0.0, 3.0);
        assertThat(AnalyticsView.bucketMillis("5m")).isEqualTo(300_000L);
        assertThat(AnalyticsView.bucketMillis("1d")).isEqualTo(86_400_000L);
        assertThat(AnalyticsView.bucketMillis(null)).isEqualTo(hour);
        assertThat(data.totals().requests()).isZero();
    }

    @Test
    void priority_must_be_a_whole_number_from_0_to_100() {
        assertThat(PriorityView.parse(" 42 ")).isEqualTo(42);
        assertThat(PriorityView.parse("0")).isZero();
        assertThat(PriorityView.parse("100")).isEqualTo(100);
        assertThat(PriorityView.parse("101")).isNull();
        assertThat(PriorityView.parse("-1")).isNull();
        assertThat(PriorityView.parse("x")).isNull();
        assertThat(PriorityView.parse("")).isNull();
    }

    @Test
    void the_browser_is_opened_only_where_an_opener_and_a_display_exist() {
        assertThat(new BrowserOpener("Mac OS X", Map.of()).command("http://x")).containsExactly("open", "http://x");
        assertThat(new BrowserOpener("Windows 11", Map.of()).command("http://x")).containsExactly("rundll32", "url.dll,FileProtocolHandler", "http://x");
        assertThat(new BrowserOpener("Linux", Map.of("PATH", "/usr/bin")).command("http://x")).isNull();
        assertThat(new BrowserOpener("Linux", Map.of("DISPLAY", ":0", "PATH", "/nonexistent")).command("http://x")).isNull();
        assertThat(new BrowserOpener("Linux", Map.of()).open("http://x")).isFalse();
    }
}
