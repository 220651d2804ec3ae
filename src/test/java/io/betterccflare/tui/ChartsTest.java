package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {
    @Test
    void sparkline_scales_from_zero_to_the_maximum_and_leaves_empty_buckets_blank() {
        assertThat(Charts.sparkline(List.of(0.0, 1.0, 2.0, 4.0, 8.0))).isEqualTo(" ▁▂▄█");
        assertThat(Charts.sparkline(List.of(0.0, 0.0))).isEqualTo("  ");
        assertThat(Charts.sparkline(List.of(0.001, 100.0))).isEqualTo("▁█");
        assertThat(Charts.sparkline(List.of())).isEmpty();
    }

    @Test
    void bar_fills_in_proportion_and_shows_at_least_one_block_for_a_non_zero_value() {
        assertThat(Charts.bar(5, 10, 10)).isEqualTo("█████░░░░░");
        assertThat(Charts.bar(0, 10, 4)).isEqualTo("░░░░");
        assertThat(Charts.bar(0.01, 10, 4)).isEqualTo("█░░░");
        assertThat(Charts.bar(20, 10, 4)).isEqualTo("████");
        assertThat(Charts.bar(3, 0, 3)).isEqualTo("░░░");
        assertThat(Charts.bar(3, 3, 0)).isEmpty();
    }

    @Test
    void resample_keeps_short_series_and_merges_long_ones_by_sum_or_mean_of_non_empty_points() {
        assertThat(Charts.resample(List.of(1.0, 2.0), 5, Charts.Merge.SUM)).containsExactly(1.0, 2.0);
        assertThat(Charts.resample(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 2, Charts.Merge.SUM)).containsExactly(6.0, 9.0);
        assertThat(Charts.resample(List.of(2.0, 0.0, 4.0, 0.0), 2, Charts.Merge.MEAN)).containsExactly(2.0, 4.0);
        assertThat(Charts.resample(List.of(0.0, 0.0, 0.0), 1, Charts.Merge.MEAN)).containsExactly(0.0);
        assertThat(Charts.resample(List.of(1.0), 0, Charts.Merge.SUM)).isEmpty();
    }
}
