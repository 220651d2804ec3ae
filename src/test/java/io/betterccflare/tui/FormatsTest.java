package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void cost_has_four_decimals_and_tokens_have_thousands_separators() {
        assertThat(Formats.cost(0)).isEqualTo("$0.0000");
        assertThat(Formats.cost(1.23456)).isEqualTo("$1.2346");
        assertThat(Formats.tokens(1234567)).isEqualTo("1,234,567");
        assertThat(Formats.compact(950)).isEqualTo("950");
        assertThat(Formats.compact(12_345)).isEqualTo("12.3K");
        assertThat(Formats.compact(4_560_000)).isEqualTo("4.6M");
        assertThat(Formats.compact(0.5)).isEqualTo("0.50");
    }

    @Test
    void durations_switch_units_at_one_second_minute_and_hour() {
        assertThat(Formats.duration(999)).isEqualTo("999ms");
        assertThat(Formats.duration(1_000)).isEqualTo("1.0s");
        assertThat(Formats.duration(59_940)).isEqualTo("59.9s");
        assertThat(Formats.duration(60_000)).isEqualTo("1.0m");
        assertThat(Formats.duration(3_600_000)).isEqualTo("1.0h");
        assertThat(Formats.speed(42.25)).isEqualTo("42.3 tok/s");
        assertThat(Formats.speed(null)).isEqualTo("-");
        assertThat(Formats.percent(95)).isEqualTo("95%");
        assertThat(Formats.percent(95.25)).isEqualTo("95.3%");
    }

    @Test
    void uptime_and_times() {
        assertThat(Formats.uptime(Duration.ofSeconds(3_725))).isEqualTo("01:02:05");
        assertThat(Formats.uptime(Duration.ofSeconds(90_061))).isEqualTo("1d 01:01:01");
        assertThat(Formats.uptime(Duration.ofSeconds(-5))).isEqualTo("00:00:00");
        assertThat(Formats.time("2025-01-02T03:04:05Z", ZoneOffset.ofHours(1))).isEqualTo("04:04:05");
        assertThat(Formats.dateTime("2025-01-02T03:04:05.123Z", ZoneOffset.UTC)).isEqualTo("2025-01-02 03:04:05");
        assertThat(Formats.time((String) null, ZoneOffset.UTC)).isEqualTo("-");
        assertThat(Formats.time("yesterday", ZoneOffset.UTC)).isEqualTo("yesterday");
        assertThat(Formats.time(0L, ZoneOffset.UTC)).isEqualTo("00:00:00");
    }

    @Test
    void fit_cuts_with_an_ellipsis_and_removes_control_characters() {
        assertThat(Formats.fit("abcdef", 4)).isEqualTo("abc…");
        assertThat(Formats.fit("abc", 4)).isEqualTo("abc");
        assertThat(Formats.fit("a\tb\nc\u001b[31m", 20)).isEqualTo("a b c [31m");
        assertThat(Formats.fit("abc", 0)).isEmpty();
        assertThat(Formats.fit(null, 3)).isEmpty();
        assertThat(Formats.pad("ab", 4)).isEqualTo("ab  ");
        assertThat(Formats.padLeft("ab", 4)).isEqualTo("  ab");
        assertThat(Formats.pad("abcdef", 4)).isEqualTo("abc…");
    }
}
