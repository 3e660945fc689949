package io.faasioflex.policy.dlp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The facts about an invocation body the DLP policy decides on, besides the findings.
 *
 * @param direction which body this is
 * @param classification the function's data classification: {@code public}, {@code internal}, {@code confidential}
 *     or {@code restricted}; the policy treats anything else, including an empty string, as restricted
 * @param subject the authenticated caller
 * @param roles the caller's roles
 * @param namespace the function's namespace
 * @param function the function's name
 */
public record DlpContext(
        Direction direction,
        String classification,
        String subject,
        List<String> roles,
        String namespace,
        String function) {

    /** Rejects nulls and copies the roles. */
    public DlpContext {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(subject, "subject");
        roles = List.copyOf(roles);
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(function, "function");
    }

    /**
     * The input of {@code faas/dlp/decision}: {@code {direction, classification, caller: {subject, roles},
     * function: {namespace, name}, findings: {type: count}, scan}}.
     */
    public Map<String, Object> toInput(Map<String, Integer> findings, ScanStatus scan) {
        var input = new LinkedHashMap<String, Object>();
        input.put("direction", direction.policyName());
        input.put("classification", classification);
        input.put("caller", Map.of("subject", subject, "roles", roles));
        input.put("function", Map.of("namespace", namespace, "name", function));
        input.put("findings", Map.copyOf(findings));
        input.put("scan", scan.policyName());
        return input;
    }
}
