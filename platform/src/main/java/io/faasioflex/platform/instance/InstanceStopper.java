package io.faasioflex.platform.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces started instances and stops the ones taken out of service: removes the container and its directory,
 * logs it, and tells the listener; now, several in parallel, or in the background.
 */
final class InstanceStopper {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceStopper.class);

    private final ContainerLauncher launcher;
    private final InstanceListener listener;
    private final Set<Thread> background = ConcurrentHashMap.newKeySet();

    InstanceStopper(ContainerLauncher launcher, InstanceListener listener) {
        this.launcher = launcher;
        this.listener = listener;
    }

    void started(Instance instance, long millis) {
        LOG.info(
                "instance started function={} version={} instance={} container={} ms={}",
                instance.spec().qualifiedName(),
                instance.version(),
                instance.id(),
                shortId(instance.containerId()),
                millis);
        if (instance.announceStart()) {
            notifyListener(() -> listener.instanceStarted(instance.spec(), instance.id(), millis));
        }
    }

    void stop(Instance instance, String reason) {
        long started = System.nanoTime();
        boolean announced = instance.markStopped();
        launcher.remove(instance);
        LOG.info(
                "instance stopped function={} version={} instance={} reason={} ms={} uptimeMs={}",
                instance.spec().qualifiedName(),
                instance.version(),
                instance.id(),
                reason,
                (System.nanoTime() - started) / 1_000_000,
                Duration.between(instance.startedAt(), Instant.now()).toMillis());
        if (announced) {
            notifyListener(() -> listener.instanceStopped(instance.spec(), instance.id(), reason));
        }
    }

    /** Stops all of them, in parallel when there are several: the engine removes containers concurrently well. */
    void stopAll(Collection<Instance> instances, String reason) {
        if (instances.size() <= 1) {
            instances.forEach(instance -> stop(instance, reason));
            return;
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            instances.forEach(instance -> executor.submit(() -> stop(instance, reason)));
        }
    }

    /** Stops it on a background thread, so the invocation that made it obsolete is not delayed. */
    void stopLater(Instance instance, String reason) {
        Thread thread = Thread.ofVirtual().name("faas-stop-" + instance.id()).unstarted(() -> {
            try {
                stop(instance, reason);
            } finally {
                background.remove(Thread.currentThread());
            }
        });
        background.add(thread);
        thread.start();
    }

    /** Waits for background stops, so a closing pool leaves no container behind. */
    void awaitBackground(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread thread : Set.copyOf(background)) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    LOG.warn("background instance stops still running after {} ms", wait.toMillis());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("instance listener failed error={}", e.toString(), e);
        }
    }

    private static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
