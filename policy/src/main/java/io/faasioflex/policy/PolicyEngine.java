package io.faasioflex.policy;

import java.util.Map;

/**
 * Evaluates Rego policies. Implementations are safe for concurrent use and fail closed: when no decision
 * can be made they throw {@link PolicyUnavailableException}; they never return an allow they did not get.
 */
public interface PolicyEngine extends AutoCloseable {

    /** Entry point of the RBAC policy, package {@code faas.authz}. */
    String AUTHZ_ENTRYPOINT = "faas/authz/decision";

    /** Entry point of the data loss prevention policy, package {@code faas.dlp}. */
    String DLP_ENTRYPOINT = "faas/dlp/decision";

    /**
     * Evaluates an entry point.
     *
     * @param entrypoint slash-separated path of the rule, such as {@code faas/authz/decision}
     * @param input the input document; values must be JSON-compatible (maps, lists, strings, numbers,
     *     booleans)
     * @return the decision, with a fresh decision id
     * @throws PolicyUnavailableException if the entry point is unknown, returns nothing, or cannot be
     *     evaluated
     * @throws IllegalArgumentException if the entry point is not a slash-separated rule path
     */
    PolicyDecision decide(String entrypoint, Map<String, Object> input);

    /** Asks the RBAC policy whether the request's subject may perform its action. */
    default PolicyDecision authorize(AccessRequest request) {
        return decide(AUTHZ_ENTRYPOINT, request.toInput());
    }

    /** Releases the engine's resources; later decisions throw {@link PolicyUnavailableException}. */
    @Override
    void close();
}
