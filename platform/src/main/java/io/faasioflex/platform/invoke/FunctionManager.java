package io.faasioflex.platform.invoke;

import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.function.FunctionRegistry;
import io.faasioflex.platform.function.LifecycleEvents;
import io.faasioflex.platform.function.VersionedSpec;
import io.faasioflex.platform.instance.CapacityExhaustedException;
import io.faasioflex.platform.instance.InstanceException;
import io.faasioflex.platform.instance.InstancePool;
import io.faasioflex.platform.instance.Invocation;
import io.faasioflex.platform.instance.InvocationResult;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager role: takes invocations from the queue group on {@code faas.invoke.*.*}, runs them on an instance
 * of the exact function version they were routed for, and replies. Retires a function's instances when it is
 * deleted.
 */
@Singleton
final class FunctionManager {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionManager.class);

    private final Connection nats;
    private final FunctionRegistry registry;
    private final InstancePool pool;
    private final LifecycleEvents events;
    private final PlatformSettings settings;
    private final Map<String, VersionedSpec> specs = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private Dispatcher dispatcher;

    FunctionManager(
            Connection nats,
            FunctionRegistry registry,
            InstancePool pool,
            LifecycleEvents events,
            PlatformSettings settings) {
        this.nats = nats;
        this.registry = registry;
        this.pool = pool;
        this.events = events;
        this.settings = settings;
    }

    @EventListener
    void start(StartupEvent event) {
        if (!settings.runs("manager")) {
            return;
        }
        dispatcher = nats.createDispatcher();
        dispatcher.subscribe(
                InvocationMessages.SUBJECT_PREFIX + "*.*",
                InvocationMessages.QUEUE_GROUP,
                message -> workers.execute(() -> serve(message)));
        dispatcher.subscribe(
                LifecycleEvents.PREFIX + "function.deleted", message -> workers.execute(() -> retire(message)));
        LOG.info(
                "function manager started queue={} instance={}", InvocationMessages.QUEUE_GROUP, settings.instanceId());
    }

    @PreDestroy
    void stop() {
        if (dispatcher != null) {
            nats.closeDispatcher(dispatcher);
        }
        workers.shutdown();
        LOG.info("function manager stopped instance={}", settings.instanceId());
    }

    private void serve(Message message) {
        InvocationReply reply = answer(message);
        try {
            nats.publish(message.getReplyTo(), InvocationMessages.replyHeaders(reply), reply.body());
        } catch (IllegalStateException e) {
            LOG.warn(
                    "reply lost request={} subject={}", InvocationMessages.requestId(message), message.getSubject(), e);
        }
    }

    private InvocationReply answer(Message message) {
        String[] parts = message.getSubject().split("\\.");
        String requestId = InvocationMessages.requestId(message);
        Optional<VersionedSpec> spec = spec(parts[2], parts[3], InvocationMessages.revision(message));
        if (spec.isEmpty()) {
            return InvocationReply.error(404, "not_found", "function " + parts[2] + "/" + parts[3] + " is gone");
        }
        try {
            Invocation invocation =
                    new Invocation(requestId, message.getData(), InvocationMessages.contentType(message));
            return limited(InstanceEvents.forRequest(
                    requestId, () -> pool.invoke(spec.get().spec(), invocation)));
        } catch (CapacityExhaustedException e) {
            return InvocationReply.error(503, "capacity_exhausted", e.getMessage());
        } catch (InstanceException e) {
            LOG.warn("invocation failed function={}/{} request={}", parts[2], parts[3], requestId, e);
            return InvocationReply.error(502, "instance_failed", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("invocation failed function={}/{} request={}", parts[2], parts[3], requestId, e);
            return InvocationReply.error(500, "internal_error", "the function manager failed");
        }
    }

    private InvocationReply limited(InvocationResult result) {
        if (result.body().length > settings.maxBodyBytes()) {
            return InvocationReply.error(
                    502,
                    "response_too_large",
                    "the function's response exceeds the limit of " + settings.maxBodyBytes() + " bytes");
        }
        return new InvocationReply(
                result.status(),
                result.contentType(),
                result.body(),
                result.errorCode(),
                result.instanceId(),
                result.coldStart(),
                result.durationMicros());
    }

    private Optional<VersionedSpec> spec(String namespace, String name, long revision) {
        String key = namespace + "." + name + "@" + revision;
        VersionedSpec cached = specs.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<VersionedSpec> found = registry.at(namespace, name, revision);
        found.ifPresent(spec -> specs.put(key, spec));
        return found;
    }

    private void retire(Message message) {
        try {
            LifecycleEvents.Event event = events.read(message.getData());
            specs.keySet().removeIf(key -> key.startsWith(event.namespace() + "." + event.name() + "@"));
            pool.retire(event.namespace(), event.name(), "deleted");
        } catch (IOException | RuntimeException e) {
            LOG.error("could not retire instances of a deleted function subject={}", message.getSubject(), e);
        }
    }
}
