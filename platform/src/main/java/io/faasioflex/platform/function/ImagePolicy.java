package io.faasioflex.platform.function;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.security.CallContext;
import io.faasioflex.policy.PolicyDecision;
import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyUnavailableException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Asks OPA whether an image may run in a namespace ({@code faas/image/decision}): allowed registries, digest
 * pinning, no root image unless the namespace allows it. The decision is audited with its id either way.
 */
@Singleton
final class ImagePolicy {

    static final String ENTRYPOINT = "faas/image/decision";

    private final ImageCatalog images;
    private final PolicyEngine policy;
    private final AuditPublisher audit;
    private final String emitter;

    ImagePolicy(ImageCatalog images, PolicyEngine policy, AuditPublisher audit, PlatformSettings settings) {
        this.images = images;
        this.policy = policy;
        this.audit = audit;
        this.emitter = settings.instanceId();
    }

    /** Refuses with 422 an image the engine cannot provide, with 403 one that policy denies. */
    void require(FunctionSpec spec, CallContext caller) {
        ImageFacts facts = images.inspect(spec.image());
        PolicyDecision decision = decide(spec, caller, facts);
        record(spec, caller, facts, decision);
        if (!decision.allowed()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "image_denied", "image refused: " + decision.reason());
        }
    }

    private PolicyDecision decide(FunctionSpec spec, CallContext caller, ImageFacts facts) {
        Map<String, Object> input =
                Map.of("namespace", spec.namespace(), "subject", caller.actor().subject(), "image", facts.toInput());
        try {
            return policy.decide(ENTRYPOINT, input);
        } catch (PolicyUnavailableException e) {
            throw ApiException.unavailable("policy_unavailable", "the image policy cannot decide; refused", e);
        }
    }

    private void record(FunctionSpec spec, CallContext caller, ImageFacts facts, PolicyDecision decision) {
        AuditEvent event = AuditEvent.builder("image.decision")
                .actor(caller.actor())
                .target(Target.function(spec.namespace(), spec.name(), spec.version()))
                .outcome(
                        decision.allowed() ? io.faasioflex.audit.Outcome.SUCCESS : io.faasioflex.audit.Outcome.DENIED,
                        decision.allowed() ? "" : decision.reason())
                .requestId(caller.requestId())
                .decisionId(decision.decisionId())
                .detail("image", facts.reference())
                .detail("registry", facts.local() ? "local" : facts.registry())
                .emitter(emitter)
                .build();
        try {
            audit.publishAndAwait(event);
        } catch (AuditUnavailableException e) {
            throw ApiException.unavailable("audit_unavailable", "the audit log cannot record the image decision", e);
        }
    }
}
