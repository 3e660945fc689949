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
import io.faasioflex.platform.instance.StopReasons;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager role: takes invocations from the queue group on {@code faas.invoke.*.*}, runs them on an instance
 * of the exact function version they were routed for, and replies. Retires a function's instances when it is
 * deleted or one of its secrets changes.
 *
 * <p>Lifecycle events and invocations arrive on one dispatcher, in the order one API process published them; a
 * retirement is registered there before the next message is handed out, and an invocation of that function waits for
 * it. So an invocation sent after a secret's change was acknowledged never runs on an instance holding the old value.
 */
@Singleton
final class FunctionManager {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionManager.class);
    /** Longest an invocation waits for its function's instances to be retired before it goes ahead anyway. */
    private static final Duration RETIREMENT_WAIT = Duration.ofSeconds(30);

    private final Connection nats;
    private final FunctionRegistry registry;
    private final InstancePool pool;
    private final LifecycleEvents events;
    private final PlatformSettings settings;
    private final Map<String, VersionedSpec> specs = new ConcurrentHashMap<>();
    /** Retirements in progress, by {@code namespace/name}. */
    private final Map<String, CompletableFuture<Void>> retiring = new ConcurrentHashMap<>();

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
        // Retirements are registered on the dispatcher's own thread, so the invocations that follow see them.
        dispatcher.subscribe(
                LifecycleEvents.PREFIX + "function.deleted", message -> retire(message, StopReasons.DELETED));
        dispatcher.subscribe(
                LifecycleEvents.PREFIX + LifecycleEvents.SECRET_CHANGED,
                message -> retire(message, StopReasons.SECRETS_CHANGED));
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
            awaitRetirement(parts[2] + "/" + parts[3], requestId);
            Invocation invocation =
                    new Invocation(requestId, message.getData(), InvocationMessages.contentType(message));
            return limited(InstanceEvents.forRequest(
                    requestId, () -> pool.invoke(spec.get().spec(), invocation)));
        } catch (CapacityExhaustedException e) {
            return InvocationReply.error(503, "capacity_exhausted", e.getMessage());
        } catch (InstanceException e) {
            LOG.warn("invocation failed function={}/{} request={}", parts[2], parts[3], requestId, e);
            // The exception speaks of the engine, host paths and sockets: the log has it, the caller gets the code.
            return InvocationReply.error(
                    502,
                    "instance_failed",
                    "no instance of the function could serve the invocation; the request id finds why in the log");
        } catch (RuntimeException e) {
            LOG.error("invocation failed function={}/{} request={}", parts[2], parts[3], requestId, e);
            return InvocationReply.error(500, "internal_error", "the function manager failed");
        }
    }

    /**
     * One error for every response over the limit, whichever part found it: the watchdog and the pool report their
     * own {@code too_large}, and a body that still arrived whole is measured here.
     */
    private InvocationReply limited(InvocationResult result) {
        boolean refusedAsTooLarge = result.status() == 502 && result.errorCode().equals("too_large");
        if (refusedAsTooLarge || result.body().length > settings.maxBodyBytes()) {
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

    /**
     * Retires the instances of the function an event names, after any retirement of it still running; invocations of
     * it wait until this one is done. A deleted function's instances stop at once; after a secret change they are
     * drained: no new work, each stopped once its running invocations end, so no invocation is cut off.
     */
    private void retire(Message message, String reason) {
        LifecycleEvents.Event event;
        try {
            event = events.read(message.getData());
        } catch (IOException | RuntimeException e) {
            LOG.error("unreadable lifecycle event subject={} reason={}", message.getSubject(), reason, e);
            return;
        }
        String function = event.namespace() + "/" + event.name();
        CompletableFuture<Void> done = retiring.compute(
                function,
                (key, earlier) -> (earlier == null ? CompletableFuture.<Void>completedFuture(null) : earlier)
                        // a failed earlier retirement must not skip this one
                        .handle((ignored, failure) -> null)
                        .thenRunAsync(() -> stopInstances(event, reason), workers));
        done.whenComplete((ignored, failure) -> retiring.remove(function, done));
    }

    private void stopInstances(LifecycleEvents.Event event, String reason) {
        try {
            specs.keySet().removeIf(key -> key.startsWith(event.namespace() + "." + event.name() + "@"));
            if (reason.equals(StopReasons.SECRETS_CHANGED)) {
                pool.drain(event.namespace(), event.name(), reason);
            } else {
                pool.retire(event.namespace(), event.name(), reason);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "could not retire instances function={}/{} reason={}", event.namespace(), event.name(), reason, e);
        }
    }

    private void awaitRetirement(String function, String requestId) {
        CompletableFuture<Void> pending = retiring.get(function);
        if (pending == null) {
            return;
        }
        try {
            pending.get(RETIREMENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("retirement still unfinished, invoking anyway function={} request={}", function, requestId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceException("interrupted while " + function + " retired its instances", e);
        }
    }
}
