package io.betterccflare.cli;

import io.betterccflare.accounts.Account;
import io.betterccflare.usage.UsageWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders accounts as the aligned text table of {@code --list}. Pure; thread-safe.
 */
final class AccountTable {
    private static final String[] HEADERS = {"NAME", "MODE", "PRIORITY", "TIER", "STATUS", "PAUSED", "SESSION", "5H USAGE", "WEEKLY USAGE", "CREDENTIAL"};

    private AccountTable() {
    }

    static String render(List<Account> accounts, long now, long sessionDurationMs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (Account account : accounts) {
            rows.add(new String[] {
                account.name(),
                account.provider().id() + "/" + account.mode().id(),
                String.valueOf(account.priority()),
                account.tier() + "x",
                status(account, now),
                account.paused() ? "yes" : "no",
                account.sessionActiveAt(now, sessionDurationMs)
                        ? account.sessionRequestCount() + " reqs, " + ago(now - account.sessionStart()) + " ago"
                        : "-",
                usage(UsageWindows.parse(account.usageData()).fiveHour(), now),
                usage(UsageWindows.parse(account.usageData()).weekly(), now),
                credential(account, now)});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    static String status(Account account, long now) {
        if (account.requiresReauth()) {
            return "needs re-auth";
        }
        if (account.rateLimit().limitedAt(now)) {
            String reason = account.rateLimit().limitedReason();
            String label = reason == null || reason.equals("rate_limited") ? "rate limited" : reason;
            return label + " (" + minutesLeft(account.rateLimit().limitedUntil() - now) + "m)";
        }
        if (account.authFailedAt() != null) {
            return "auth failing";
        }
        return "OK";
    }

    /** {@code 15% (resets in 2h10m)}, or {@code -} when the usage poller has not seen the window. */
    static String usage(UsageWindows.Window window, long now) {
        if (window == null) {
            return "-";
        }
        String percent = window.utilization() == null ? "?" : Math.round(window.utilization()) + "%";
        if (window.resetsAt() == null) {
            return percent;
        }
        long left = window.resetsAt().toEpochMilli() - now;
        return percent + (left > 0 ? " (resets in " + ago(left) + ")" : " (reset)");
    }

    private static String credential(Account account, long now) {
        Account.Credentials credentials = account.credentials();
        if (credentials.usesOAuth()) {
            Long expiresAt = credentials.expiresAt();
            if (expiresAt == null) {
                return "token (refresh on use)";
            }
            return expiresAt > now ? "token valid " + ago(expiresAt - now) : "token expired";
        }
        String masked = account.maskedSecret();
        return masked == null ? "-" : "key " + masked;
    }

    private static long minutesLeft(long ms) {
        return Math.max(1, (ms + 59_999) / 60_000);
    }

    private static String ago(long ms) {
        Duration duration = Duration.ofMillis(Math.max(0, ms));
        if (duration.toHours() > 0) {
            return duration.toHours() + "h" + duration.toMinutesPart() + "m";
        }
        return duration.toMinutes() + "m";
    }
}
