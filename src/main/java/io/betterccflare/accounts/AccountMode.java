package io.betterccflare.accounts;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How an account authenticates, as named by {@code --mode}: a Claude subscription (OAuth bearer token),
 * a Console API key, a z.ai key, or any Anthropic-compatible endpoint with an API key.
 */
public enum AccountMode {
    MAX("max", Provider.ANTHROPIC),
    CONSOLE("console", Provider.ANTHROPIC),
    ZAI("zai", Provider.ZAI),
    ANTHROPIC_COMPATIBLE("anthropic-compatible", Provider.ANTHROPIC_COMPATIBLE);

    private final String id;
    private final Provider provider;

    AccountMode(String id, Provider provider) {
        this.id = id;
        this.provider = provider;
    }

    public String id() {
        return id;
    }

    public Provider provider() {
        return provider;
    }

    public static AccountMode parse(String value) {
        for (AccountMode mode : values()) {
            if (mode.id.equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new AccountException(AccountException.Kind.INVALID,
                "mode must be one of: " + Arrays.stream(values()).map(AccountMode::id).collect(Collectors.joining(", ")));
    }

    /** The stored mode, or the one implied by the credentials for rows written by the reference. */
    static AccountMode of(String stored, Provider provider, String refreshToken) {
        if (stored != null) {
            for (AccountMode mode : values()) {
                if (mode.id.equals(stored)) {
                    return mode;
                }
            }
        }
        return switch (provider) {
            case ZAI -> ZAI;
            case ANTHROPIC_COMPATIBLE -> ANTHROPIC_COMPATIBLE;
            case ANTHROPIC -> refreshToken == null || refreshToken.isEmpty() ? CONSOLE : MAX;
        };
    }
}
