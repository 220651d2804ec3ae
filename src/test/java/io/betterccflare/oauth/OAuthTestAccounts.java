package io.betterccflare.oauth;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import java.util.UUID;

/** Stores subscription accounts for tests, as a finished login would. */
public final class OAuthTestAccounts {
    private OAuthTestAccounts() {
    }

    public static Account max(AccountStore store, String name, String accessToken, String refreshToken, Long expiresAt, long now) {
        Account account = new Account(UUID.randomUUID().toString(), name, Provider.ANTHROPIC, AccountMode.MAX,
                new Account.Credentials(null, refreshToken, accessToken, expiresAt), now, null, 0, 0, 1, 0, false, null, 0,
                false, false, null, null, false, null, null, RateLimitState.NONE, null, null);
        store.insert(account);
        return account;
    }
}
