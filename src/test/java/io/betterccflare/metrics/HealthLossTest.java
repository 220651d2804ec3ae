package io.betterccflare.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.pricing.Pricing;
import io.betterccflare.support.MutableClock;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Health}: degraded while the request log loses rows, ok again five minutes after the last loss. */
class HealthLossTest {
    @TempDir
    Path temp;

    @Test
    void degraded_while_rows_are_dropped_and_ok_five_minutes_after_the_last_loss() {
        MutableClock clock = new MutableClock(1_760_000_000_000L);
        TestEnv env = new TestEnv(temp);
        AtomicLong dropped = new AtomicLong();
        RequestLogCounts counts = new RequestLogCounts(() -> 0, dropped::get, () -> 0);
        try (App app = App.open(env.config(), clock);
             Metrics metrics = new Metrics(app.accountStore(), counts,
                     new Pricing(env.config().pricing(), env.config().pricing().sourceUrl(), temp.resolve("prices.json"), clock), clock)) {
            Health health = new Health(app.database(), app.accountStore(), counts, metrics, clock);
            assertThat(health.check().status()).isEqualTo("ok");

            dropped.set(3);
            Health.Report report = health.check();
            assertThat(report.status()).isEqualTo("degraded");
            assertThat(report.reasons()).containsExactly("request log dropping rows: 3 request(s) not recorded since start");

            clock.advance(Duration.ofMinutes(4));
            assertThat(health.check().status()).isEqualTo("degraded");
            clock.advance(Duration.ofMinutes(1));
            assertThat(health.check().status()).isEqualTo("ok");
        }
    }
}
