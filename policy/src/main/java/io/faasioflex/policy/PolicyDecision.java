package io.faasioflex.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of a policy entry point.
 *
 * <p>Every entry point returns a JSON object; by convention {@code allow} says whether the request may go
 * on and {@code reason} says why (always filled when denied). {@code allowed} is true only when the object
 * holds {@code "allow": true}; anything else denies.
 *
 * @param allowed whether the policy allowed the request
 * @param reason the policy's explanation, empty when it gave none
 * @param decisionId unique id of this decision, to be recorded in the audit event
 * @param result the whole object the entry point returned, for policies that answer more than allow/deny
 */
public record PolicyDecision(boolean allowed, String reason, String decisionId, Map<String, Object> result) {

    /** Copies the result so the decision cannot change after it was made. */
    public PolicyDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decisionId, "decisionId");
        result = result == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }
}
