package io.faasioflex.platform.security;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.policy.PolicyDecision;
import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyUnavailableException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Asks one policy beyond access control (image, spec fields) and records its decision with its id before anyone
 * acts on it. A denial becomes 403 with the policy's reason; an engine that cannot decide, 503.
 */
@Singleton
public final class PolicyGate {

    private final PolicyEngine policy;
    private final AuditPublisher audit;
    private final String emitter;

    PolicyGate(PolicyEngine policy, AuditPublisher audit, PlatformSettings settings) {
        this.policy = policy;
        this.audit = audit;
        this.emitter = settings.instanceId();
    }

    /**
     * Refuses unless {@code entrypoint} allows {@code input}.
     *
     * @param action the audit action of the decision, such as {@code image.decision}
     * @param deniedCode the API error code of a denial, such as {@code image_denied}
     * @param details small facts for the audit event; never secrets or payloads
     */
    public void require(
            String entrypoint,
            Map<String, Object> input,
            String action,
            String deniedCode,
            Target target,
            CallContext caller,
            Map<String, String> details) {
        PolicyDecision decision = decide(entrypoint, input);
        record(action, target, caller, decision, details);
        if (!decision.allowed()) {
            throw new ApiException(HttpStatus.FORBIDDEN, deniedCode, "refused by policy: " + decision.reason());
        }
    }

    private PolicyDecision decide(String entrypoint, Map<String, Object> input) {
        try {
            return policy.decide(entrypoint, input);
        } catch (PolicyUnavailableException e) {
            throw ApiException.unavailable("policy_unavailable", "policy " + entrypoint + " cannot decide; refused", e);
        }
    }

    private void record(
            String action, Target target, CallContext caller, PolicyDecision decision, Map<String, String> details) {
        AuditEvent event = AuditEvent.builder(action)
                .actor(caller.actor())
                .target(target)
                .outcome(
                        decision.allowed() ? Outcome.SUCCESS : Outcome.DENIED,
                        decision.allowed() ? "" : decision.reason())
                .requestId(caller.requestId())
                .decisionId(decision.decisionId())
                .details(details)
                .emitter(emitter)
                .build();
        try {
            audit.publishAndAwait(event);
        } catch (AuditUnavailableException e) {
            throw ApiException.unavailable("audit_unavailable", "the audit log cannot record " + action, e);
        }
    }
}
