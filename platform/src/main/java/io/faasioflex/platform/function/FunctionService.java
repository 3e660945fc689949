package io.faasioflex.platform.function;

import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.secrets.FunctionSecrets;
import io.faasioflex.platform.security.CallContext;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry's rules: names, limits and images are checked before anything is stored. */
@Singleton
public final class FunctionService {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionService.class);

    private final FunctionRegistry registry;
    private final SpecPolicy policies;
    private final LifecycleEvents events;
    private final FunctionSecrets secrets;

    FunctionService(FunctionRegistry registry, SpecPolicy policies, LifecycleEvents events, FunctionSecrets secrets) {
        this.secrets = secrets;
        this.registry = registry;
        this.policies = policies;
        this.events = events;
    }

    public VersionedSpec register(FunctionRequest request, String namespace, CallContext caller) {
        FunctionSpec spec =
                FunctionValidator.first(request, namespace, caller.actor().subject());
        policies.require(spec, caller);
        VersionedSpec stored = registry.create(spec);
        LOG.info("registered function={} version=1 revision={}", spec.qualifiedName(), stored.revision());
        events.publish("function.registered", spec.namespace(), spec.name(), 1, "");
        return stored;
    }

    /** A new version; {@code expectedRevision} 0 means "whatever is current". */
    public VersionedSpec update(
            String namespace, String name, FunctionRequest request, long expectedRevision, CallContext caller) {
        VersionedSpec current = get(namespace, name);
        long revision = expectedRevision == 0 ? current.revision() : expectedRevision;
        FunctionSpec spec =
                FunctionValidator.next(request, current.spec(), caller.actor().subject());
        policies.require(spec, caller);
        VersionedSpec stored = registry.update(spec, revision);
        LOG.info("updated function={} version={} revision={}", spec.qualifiedName(), spec.version(), stored.revision());
        events.publish("function.updated", namespace, name, spec.version(), "");
        return stored;
    }

    public VersionedSpec get(String namespace, String name) {
        FunctionValidator.requireName("namespace", namespace);
        FunctionValidator.requireName("name", name);
        return registry.find(namespace, name)
                .orElseThrow(() -> ApiException.notFound(
                        "function_not_found", "no function " + namespace + "/" + name + " is registered"));
    }

    public List<VersionedSpec> list(String namespace) {
        return registry.list(namespace);
    }

    /** Deletes the function; managers retire its instances when they see the lifecycle event. */
    public VersionedSpec delete(String namespace, String name, long expectedRevision) {
        VersionedSpec current = get(namespace, name);
        registry.delete(namespace, name, expectedRevision == 0 ? current.revision() : expectedRevision);
        // A later function of the same name must not inherit them.
        secrets.names(namespace, name).forEach(secret -> secrets.delete(namespace, name, secret));
        LOG.info(
                "deleted function={}/{} version={}",
                namespace,
                name,
                current.spec().version());
        events.publish("function.deleted", namespace, name, current.spec().version(), "");
        return current;
    }
}
