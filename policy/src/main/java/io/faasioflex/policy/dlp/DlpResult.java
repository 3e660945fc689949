package io.faasioflex.policy.dlp;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of inspecting one body: the decision, what was found (types and counts only), and the body to pass
 * on.
 *
 * @param verdict what the policy decided
 * @param findings finding types and how often each matched, for the audit event; never the values
 * @param scan how much of the body was scanned
 * @param body the body to pass on: the original array for allow and alert, a redacted copy for redact, empty for
 *     block (a blocked body must not travel further)
 */
public record DlpResult(DlpVerdict verdict, Map<String, Integer> findings, ScanStatus scan, byte[] body) {

    /** Rejects nulls and copies the findings. */
    public DlpResult {
        Objects.requireNonNull(verdict, "verdict");
        findings = Map.copyOf(findings);
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(body, "body");
    }

    /** What to do with the body. */
    public DlpAction action() {
        return verdict.action();
    }

    /** The policy decision's id, for the audit event. */
    public String decisionId() {
        return verdict.decisionId();
    }

    /** Whether the invocation must be refused (403 naming {@link DlpVerdict#types()}). */
    public boolean blocked() {
        return verdict.action() == DlpAction.BLOCK;
    }

    /** Describes the result without the body's content. */
    @Override
    public String toString() {
        return "DlpResult[action=" + verdict.action() + ", alert=" + verdict.alert() + ", types=" + verdict.types()
                + ", findings=" + findings + ", scan=" + scan + ", decisionId=" + verdict.decisionId()
                + ", bodyBytes=" + body.length + "]";
    }
}
