package io.betterccflare.tokens;

/** Shared SSE fixtures for tests in other packages. */
public final class UsageTrackerTestFixtures {
    public static final String STREAM = UsageTrackerTest.STREAM;

    private UsageTrackerTestFixtures() {
    }
}
