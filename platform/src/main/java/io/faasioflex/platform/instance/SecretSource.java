package io.faasioflex.platform.instance;

import io.faasioflex.platform.function.FunctionSpec;
import java.util.Map;

/** Where an instance's secret files come from: file name to plaintext value, for the function an instance runs. */
@FunctionalInterface
public interface SecretSource {

    /** No secrets for any function. */
    SecretSource NONE = spec -> Map.of();

    /**
     * The function's secrets, opened; empty when it has none. Called once per instance start.
     *
     * @throws RuntimeException when they cannot be read or opened; the instance then does not start
     */
    Map<String, byte[]> secretsOf(FunctionSpec spec);
}
