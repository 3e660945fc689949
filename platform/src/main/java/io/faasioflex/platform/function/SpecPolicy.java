package io.faasioflex.platform.function;

import io.faasioflex.audit.Target;
import io.faasioflex.platform.security.CallContext;
import io.faasioflex.platform.security.PolicyGate;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What policy says about a spec before it is stored: which of its fields the caller's roles may set
 * ({@code faas/spec/decision}) and whether its image may run in the namespace ({@code faas/image/decision}:
 * allowed registries, digest pinning, no root image unless the namespace allows it), from facts the engine reports,
 * asked first whether the engine may pull an image it lacks ({@code faas/image/pull}), and whether it may have a
 * network ({@code faas/egress/decision}: never for confidential or restricted data).
 */
@Singleton
final class SpecPolicy {

    private final ImageCatalog images;
    private final PolicyGate gate;

    SpecPolicy(ImageCatalog images, PolicyGate gate) {
        this.images = images;
        this.gate = gate;
    }

    /** Refuses with 403 a field the caller may not set or an image policy denies, with 422 an unavailable image. */
    void require(FunctionSpec spec, CallContext caller) {
        Target target = Target.function(spec.namespace(), spec.name(), spec.version());
        gate.require(
                "faas/spec/decision",
                specInput(spec, caller),
                "spec.decision",
                "field_forbidden",
                target,
                caller,
                Map.of());
        ImageFacts facts = images.find(spec.image()).orElseGet(() -> pulled(spec, caller, target));
        gate.require(
                "faas/image/decision",
                imageInput(spec, caller, facts),
                "image.decision",
                "image_denied",
                target,
                caller,
                imageDetails(facts));
        if (spec.egress()) {
            // Without egress the container contract's default (no network) applies: nothing for policy to decide.
            gate.require(
                    "faas/egress/decision",
                    egressInput(spec, caller),
                    "egress.decision",
                    "egress_denied",
                    target,
                    caller,
                    Map.of("egress", "true", "classification", spec.classification()));
        }
    }

    /** Pulls an image the engine lacks once policy allowed its registry: a refused registry is never contacted. */
    private ImageFacts pulled(FunctionSpec spec, CallContext caller, Target target) {
        ImageFacts before = ImageFacts.absent(spec.image());
        gate.require(
                "faas/image/pull",
                imageInput(spec, caller, before),
                "image.pull.decision",
                "image_denied",
                target,
                caller,
                imageDetails(before));
        return images.pull(spec.image());
    }

    private static Map<String, Object> imageInput(FunctionSpec spec, CallContext caller, ImageFacts facts) {
        return Map.of("namespace", spec.namespace(), "subject", caller.actor().subject(), "image", facts.toInput());
    }

    private static Map<String, String> imageDetails(ImageFacts facts) {
        return Map.of("image", facts.reference(), "registry", facts.local() ? "local" : facts.registry());
    }

    private static Map<String, Object> egressInput(FunctionSpec spec, CallContext caller) {
        return Map.of(
                "namespace", spec.namespace(),
                "classification", spec.classification(),
                "subject", caller.actor().subject(),
                "roles", caller.actor().roles(),
                "egress", spec.egress());
    }

    private static Map<String, Object> specInput(FunctionSpec spec, CallContext caller) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("maxInstances", spec.maxInstances());
        fields.put("memoryMb", spec.memoryMb());
        fields.put("cpus", spec.cpus());
        fields.put("concurrency", spec.concurrency());
        fields.put("timeoutMs", spec.timeoutMs());
        fields.put("classification", spec.classification());
        return Map.of(
                "subject", caller.actor().subject(),
                "roles", caller.actor().roles(),
                "scoped_roles", caller.scopedRolesInput(),
                "resource", Map.of("kind", "function", "namespace", spec.namespace(), "name", spec.name()),
                "spec", fields);
    }
}
