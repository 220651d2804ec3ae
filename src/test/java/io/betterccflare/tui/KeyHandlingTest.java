package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys to navigation, without a terminal: the home menu, the add-account wizard, analytics ranges and views. */
class KeyHandlingTest {
    // Nothing listens on port 9 here: the few loads these keys start fail fast and only post a status line.
    private final UiContext ui = new UiContext(new ApiClient(URI.create("http://127.0.0.1:9/")), Clock.systemUTC(), ZoneOffset.UTC,
            new BrowserOpener("Linux", Map.of()), new ServerInfo(URI.create("http://127.0.0.1:9/"), "http://127.0.0.1:9", "127.0.0.1", 9,
            "test.db", 0));

    private static KeyStroke key(KeyType type) {
        return new KeyStroke(type);
    }

    private static KeyStroke key(char character) {
        return new KeyStroke(character, false, false);
    }

    @Test
    void the_home_menu_opens_each_screen_in_order_and_q_or_exit_quits() {
        HomeView home = new HomeView(ui);
        Class<?>[] screens = {ServerView.class, AccountsView.class, StatsView.class, AnalyticsView.class, RequestsView.class,
            LogsView.class, StrategyView.class, AgentsView.class, ApiKeysView.class};
        for (int i = 0; i < screens.length; i++) {
            Nav nav = home.onKey(key(KeyType.Enter));
            assertThat(nav).isInstanceOf(Nav.Open.class);
            assertThat(((Nav.Open) nav).view()).isInstanceOf(screens[i]);
            home.onKey(key(KeyType.ArrowDown));
        }
        assertThat(home.onKey(key(KeyType.Enter))).isEqualTo(Nav.QUIT);
        home.onKey(key(KeyType.ArrowDown));
        assertThat(home.onKey(key(KeyType.Enter))).as("the cursor stays on the last entry").isEqualTo(Nav.QUIT);
        assertThat(home.onKey(key('q'))).isEqualTo(Nav.QUIT);
        assertThat(home.onKey(key(KeyType.Escape))).as("Escape does not stop the server from the home menu").isEqualTo(Nav.STAY);
    }

    @Test
    void q_and_escape_go_back_from_every_list_screen() {
        for (View view : new View[] {new ServerView(ui), new AccountsView(ui), new StatsView(ui), new AnalyticsView(ui),
            new RequestsView(ui), new LogsView(ui), new StrategyView(ui)}) {
            assertThat(view.onKey(key('q'))).as(view.title()).isEqualTo(Nav.BACK);
            assertThat(view.onKey(key(KeyType.Escape))).as(view.title()).isEqualTo(Nav.BACK);
            assertThat(view.help()).as(view.title()).contains("q");
            assertThat(view.help().length()).as("help line of %s fits 80 columns", view.title()).isLessThanOrEqualTo(78);
        }
    }

    @Test
    void the_add_wizard_goes_name_kind_tier_key_and_q_is_text_while_typing() {
        AddAccountView add = new AddAccountView(ui);
        assertThat(add.onKey(key(KeyType.Enter))).isEqualTo(Nav.STAY);
        assertThat(add.step()).as("an empty name is refused").isEqualTo(AddAccountView.Step.NAME);
        for (char c : "qa".toCharArray()) {
            assertThat(add.onKey(key(c))).isEqualTo(Nav.STAY);
        }
        add.onKey(key(KeyType.Enter));
        assertThat(add.step()).isEqualTo(AddAccountView.Step.KIND);
        add.onKey(key(KeyType.ArrowDown));
        add.onKey(key(KeyType.ArrowDown));
        add.onKey(key(KeyType.Enter));
        assertThat(add.step()).isEqualTo(AddAccountView.Step.TIER);
        add.onKey(key(KeyType.ArrowDown));
        add.onKey(key(KeyType.Enter));
        assertThat(add.step()).isEqualTo(AddAccountView.Step.KEY);
        assertThat(add.onKey(key('q'))).isEqualTo(Nav.STAY);
        assertThat(add.onKey(key(KeyType.Escape))).isEqualTo(Nav.BACK);
    }

    @Test
    void an_oauth_start_that_fails_returns_to_the_name_step_with_the_error() {
        AddAccountView add = new AddAccountView(ui);
        add.onKey(key('w'));
        add.onKey(key(KeyType.Enter));
        add.onKey(key(KeyType.Enter));
        add.onKey(key(KeyType.Enter));

        assertThat(add.step()).isEqualTo(AddAccountView.Step.NAME);
        assertThat(ui.status().current(ui.now()).text()).startsWith("Cannot reach the server at http://127.0.0.1:9/");
    }

    @Test
    void analytics_digits_choose_the_range_and_letters_the_view() {
        AnalyticsView analytics = new AnalyticsView(ui);
        assertThat(analytics.range().param()).isEqualTo("24h");
        analytics.onKey(key('1'));
        assertThat(analytics.range().param()).isEqualTo("1h");
        analytics.onKey(key('4'));
        assertThat(analytics.range().param()).isEqualTo("7d");
        analytics.onKey(key('5'));
        assertThat(analytics.range().param()).isEqualTo("30d");
        analytics.onKey(key('9'));
        assertThat(analytics.range().param()).isEqualTo("30d");
        analytics.onKey(key('t'));
        assertThat(analytics.mode()).isEqualTo(AnalyticsView.Mode.TOKENS);
        analytics.onKey(key('d'));
        assertThat(analytics.mode()).isEqualTo(AnalyticsView.Mode.MODELS);
        analytics.onKey(key('m'));
        assertThat(analytics.mode()).isEqualTo(AnalyticsView.Mode.OVERVIEW);
    }

    @Test
    void priority_escape_cancels_and_an_out_of_range_value_stays_with_the_message() {
        PriorityView priority = new PriorityView(ui, ViewModelsTest.account("work", false, null, null));
        priority.onKey(key(KeyType.Backspace));
        priority.onKey(key('x'));
        assertThat(priority.onKey(key(KeyType.Enter))).isEqualTo(Nav.STAY);
        assertThat(ui.status().current(ui.now()).text()).isEqualTo(PriorityView.INVALID);
        assertThat(priority.onKey(key(KeyType.Escape))).isEqualTo(Nav.BACK);
    }
}
