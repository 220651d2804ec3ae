package io.betterccflare.routing;

import io.betterccflare.accounts.Account;
import java.util.List;
import java.util.Objects;

/** The strategy's answer for one request. Immutable. */
public sealed interface Route {

    /** Try these accounts in order (never empty). */
    record Candidates(List<Account> accounts) implements Route {
        public Candidates {
            accounts = List.copyOf(accounts);
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("accounts is empty");
            }
        }
    }

    /** No account is configured at all: pass through with the client's own credentials (if allowed). */
    record NoAccounts() implements Route {
    }

    /** Accounts exist but none can serve now. */
    record Unavailable(Refusal refusal) implements Route {
        public Unavailable {
            Objects.requireNonNull(refusal, "refusal == null");
        }
    }
}
