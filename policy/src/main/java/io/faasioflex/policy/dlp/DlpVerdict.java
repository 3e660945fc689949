package io.faasioflex.policy.dlp;

import io.faasioflex.policy.PolicyDecision;
import java.util.List;
import java.util.Objects;

/**
 * What the DLP policy decided about a body.
 *
 * @param action what to do with the body
 * @param alert whether to raise an alert as well (always true for {@link DlpAction#ALERT}, and true for a stronger
 *     action when some finding type on its own asked for an alert)
 * @param types the finding types that led to the action, sorted; empty when nothing was found. These may be shown
 *     to the caller of a blocked invocation.
 * @param reason the policy's explanation, naming types but never values
 * @param decisionId the policy decision's id, for the audit event
 */
public record DlpVerdict(DlpAction action, boolean alert, List<String> types, String reason, String decisionId) {

    /** Rejects nulls and copies the types. */
    public DlpVerdict {
        Objects.requireNonNull(action, "action");
        types = List.copyOf(types);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decisionId, "decisionId");
    }

    /**
     * Reads the answer of {@code faas/dlp/decision}. Deny-safe: a decision that does not allow, or names no known
     * action, blocks.
     */
    static DlpVerdict of(PolicyDecision decision) {
        var result = decision.result();
        var action = decision.allowed() ? DlpAction.fromPolicy(result.get("action")) : DlpAction.BLOCK;
        boolean alert = action == DlpAction.ALERT || Boolean.TRUE.equals(result.get("alert"));
        return new DlpVerdict(action, alert, strings(result.get("types")), decision.reason(), decision.decisionId());
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .sorted()
                .toList();
    }
}
