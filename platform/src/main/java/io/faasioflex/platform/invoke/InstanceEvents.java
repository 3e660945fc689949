package io.faasioflex.platform.invoke;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.function.FunctionSpec;
import io.faasioflex.platform.function.LifecycleEvents;
import io.faasioflex.platform.instance.InstanceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records instance starts and stops in the audit log and announces them on {@code faas.events.instance.*}. The
 * start of an instance for an invocation carries that invocation's request id.
 */
final class InstanceEvents implements InstanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceEvents.class);
    private static final ThreadLocal<String> REQUEST = ThreadLocal.withInitial(() -> "");

    private final AuditPublisher audit;
    private final LifecycleEvents events;
    private final String emitter;

    InstanceEvents(AuditPublisher audit, LifecycleEvents events, String emitter) {
        this.audit = audit;
        this.events = events;
        this.emitter = emitter;
    }

    /** Runs {@code work} with {@code requestId} attached to the instance events it causes. */
    static <T> T forRequest(String requestId, java.util.function.Supplier<T> work) {
        REQUEST.set(requestId);
        try {
            return work.get();
        } finally {
            REQUEST.remove();
        }
    }

    @Override
    public void instanceStarted(FunctionSpec spec, String instanceId, long startMillis) {
        record(spec, instanceId, "instance.start", "");
        events.publish("instance.started", spec.namespace(), spec.name(), spec.version(), instanceId);
    }

    @Override
    public void instanceStopped(FunctionSpec spec, String instanceId, String reason) {
        record(spec, instanceId, "instance.stop", reason);
        events.publish("instance.stopped", spec.namespace(), spec.name(), spec.version(), instanceId);
    }

    private void record(FunctionSpec spec, String instanceId, String action, String reason) {
        AuditEvent event = AuditEvent.builder(action)
                .actor(Actor.system("manager"))
                .target(Target.function(spec.namespace(), spec.name(), spec.version()))
                .success()
                .requestId(REQUEST.get())
                .detail("instance", instanceId)
                .detail("reason", reason)
                .emitter(emitter)
                .build();
        try {
            audit.publishAndAwait(event);
        } catch (AuditUnavailableException e) {
            LOG.error(
                    "instance event not recorded action={} function={} instance={}",
                    action,
                    spec.qualifiedName(),
                    instanceId,
                    e);
        }
    }
}
