package io.betterccflare.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Put on PostgreSQL test classes: without {@link TestDatabases#URL_VARIABLE} their tests are reported as
 * skipped (Maven prints the count as a warning), except in CI ({@code CI} set), where they fail. Deciding
 * before a test starts keeps {@code @BeforeEach}/{@code @AfterEach} from running on half-built fixtures.
 */
public final class RequiresPostgres implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String url = System.getenv(TestDatabases.URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + TestDatabases.URL_VARIABLE);
        }
        String notice = "PostgreSQL tests need " + TestDatabases.URL_VARIABLE + " (set by .ci/run)";
        if (System.getenv("CI") != null) {
            Assertions.fail(notice + "; CI is set, so this is a failure");
        }
        return ConditionEvaluationResult.disabled("skipped: " + notice);
    }
}
