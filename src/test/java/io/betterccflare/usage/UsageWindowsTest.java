package io.betterccflare.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every usage-answer shape of anthropic-wire.md §5 and reference-core §4.4. */
class UsageWindowsTest {

    @Test
    void the_verbatim_capture_with_flat_windows_limits_and_extra_keys() {
        UsageWindows usage = UsageWindows.parse("""
                {"five_hour":{"utilization":15.0,"resets_at":"2026-07-19T03:39:59.570750+00:00"},
                 "seven_day":{"utilization":48.0,"resets_at":"2026-07-23T14:59:59.570774+00:00"},
                 "seven_day_oauth_apps":null,"seven_day_opus":null,"seven_day_sonnet":null,"seven_day_cowork":null,
                 "extra_usage":{"is_enabled":true,"monthly_limit":null,"used_credits":40843.0,"utilization":null,"currency":"USD"},
                 "limits":[{"kind":"session","group":"session","percent":15,"severity":"normal","resets_at":"2026-07-19T03:39:59+00:00","scope":null,"is_active":false},
                           {"kind":"weekly_all","group":"weekly","percent":48,"severity":"normal","resets_at":"2026-07-23T14:59:59+00:00","scope":null,"is_active":false},
                           {"kind":"weekly_scoped","group":"weekly","percent":81,"severity":"warning","resets_at":"2026-07-23T14:59:59+00:00",
                            "scope":{"model":{"id":null,"display_name":"Fable"},"surface":null},"is_active":true}],
                 "spend":{"used":{"amount_minor":40843,"currency":"USD","exponent":2},"limit":null,"percent":0,"enabled":true},
                 "codename_x":null}""");

        assertThat(usage.fiveHour()).isEqualTo(new UsageWindows.Window(15.0, Instant.parse("2026-07-19T03:39:59.570750Z")));
        assertThat(usage.weekly()).isEqualTo(new UsageWindows.Window(48.0, Instant.parse("2026-07-23T14:59:59.570774Z")));
        assertThat(usage.sevenDayOauthApps()).isNull();
        assertThat(usage.sevenDayOpus()).isNull();
        assertThat(usage.scoped()).containsExactly(new UsageWindows.ScopedLimit(
                "weekly_scoped", "Fable", 81.0, Instant.parse("2026-07-23T14:59:59Z"), "warning"));
        assertThat(usage.utilization()).isEqualTo(48.0);
        assertThat(usage.window()).isEqualTo("seven_day");
        Map<String, Object> fiveHour = new LinkedHashMap<>();
        fiveHour.put("utilization", 15.0);
        fiveHour.put("resets_at", "2026-07-19T03:39:59.570750Z");
        assertThat(usage.usageData()).containsEntry("five_hour", fiveHour).containsEntry("seven_day_opus", null)
                .containsOnlyKeys("five_hour", "seven_day", "seven_day_oauth_apps", "seven_day_opus");
    }

    @Test
    void limits_alone_fill_the_five_hour_and_weekly_windows() {
        UsageWindows usage = UsageWindows.parse("""
                {"limits":[{"kind":"session","percent":91,"resets_at":"2026-07-19T03:00:00Z"},
                           {"kind":"weekly_all","percent":"12.5","resets_at":null},
                           {"kind":"weekly_scoped","percent":5,"scope":{"model":{"id":"claude-opus-4","display_name":null}}},
                           {"kind":"future_kind"}, 7, null]}""");

        assertThat(usage.fiveHour()).isEqualTo(new UsageWindows.Window(91.0, Instant.parse("2026-07-19T03:00:00Z")));
        assertThat(usage.weekly()).isEqualTo(new UsageWindows.Window(12.5, null));
        assertThat(usage.scoped()).extracting(UsageWindows.ScopedLimit::kind, UsageWindows.ScopedLimit::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly_scoped", "claude-opus-4"),
                        org.assertj.core.groups.Tuple.tuple("future_kind", null));
        assertThat(usage.utilization()).isEqualTo(91.0);
        assertThat(usage.window()).isEqualTo("five_hour");
    }

    @Test
    void flat_windows_win_over_limits_and_the_reference_four_windows_all_count() {
        UsageWindows usage = UsageWindows.parse("""
                {"five_hour":{"utilization":10,"resets_at":null},
                 "seven_day":{"utilization":20,"resets_at":"2026-07-23T14:59:59Z"},
                 "seven_day_oauth_apps":{"utilization":30,"resets_at":null},
                 "seven_day_opus":{"utilization":95.5,"resets_at":"not a date"},
                 "limits":[{"kind":"session","percent":99}]}""");

        assertThat(usage.fiveHour()).isEqualTo(new UsageWindows.Window(10.0, null));
        assertThat(usage.sevenDayOpus()).isEqualTo(new UsageWindows.Window(95.5, null));
        assertThat(usage.window()).isEqualTo("seven_day_opus");
        assertThat(usage.utilization()).isEqualTo(95.5);
    }

    @Test
    void null_and_malformed_windows_are_tolerated() {
        UsageWindows usage = UsageWindows.parse("""
                {"five_hour":{"utilization":null,"resets_at":null},"seven_day":"oops","seven_day_opus":[],
                 "seven_day_oauth_apps":{"utilization":"n/a","resets_at":"2026-07-23T14:59:59Z"},"limits":{"not":"a list"}}""");

        assertThat(usage.fiveHour()).isNull();
        assertThat(usage.weekly()).isNull();
        assertThat(usage.sevenDayOauthApps()).isEqualTo(new UsageWindows.Window(null, Instant.parse("2026-07-23T14:59:59Z")));
        assertThat(usage.utilization()).isNull();
        assertThat(usage.window()).isNull();
        assertThat(usage.scoped()).isEmpty();
    }

    @Test
    void nothing_parsable_is_empty_and_has_no_usage_data() {
        for (String text : new String[] {null, "", "   ", "not json", "[1,2]", "42", "{}", "{\"five_hour\":null}"}) {
            UsageWindows usage = UsageWindows.parse(text);
            assertThat(usage).as(String.valueOf(text)).isEqualTo(UsageWindows.EMPTY);
            assertThat(usage.usageData()).isNull();
            assertThat(usage.utilization()).isNull();
        }
        assertThat(UsageWindows.EMPTY.scoped()).isEqualTo(List.of());
    }

    @Test
    void spent_per_family_weekly_caps_become_family_lockouts() {
        UsageWindows usage = UsageWindows.parse("""
                {"five_hour":{"utilization":100.0,"resets_at":"2026-07-19T03:00:00Z"},
                 "seven_day_opus":{"utilization":100.0,"resets_at":"2026-07-22T00:00:00Z"},
                 "limits":[{"kind":"weekly_scoped","percent":101,"resets_at":"2026-07-23T00:00:00Z",
                            "scope":{"model":{"id":null,"display_name":"Fable"}}},
                           {"kind":"weekly_scoped","percent":99,"resets_at":"2026-07-23T00:00:00Z",
                            "scope":{"model":{"id":null,"display_name":"Sonnet"}}},
                           {"kind":"weekly_scoped","percent":100,"resets_at":"2026-07-01T00:00:00Z",
                            "scope":{"model":{"id":null,"display_name":"Haiku"}}}]}""");

        assertThat(usage.spentFamilies(Instant.parse("2026-07-18T00:00:00Z"))).containsExactly(
                new UsageWindows.SpentFamily("opus", Instant.parse("2026-07-22T00:00:00Z"), "seven_day_opus"),
                new UsageWindows.SpentFamily("fable", Instant.parse("2026-07-23T00:00:00Z"), "weekly_scoped"));
    }
}
