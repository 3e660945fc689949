package io.faasioflex.platform.instance;

import io.faasioflex.platform.function.FunctionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances of one function and the slots they offer. Whoever takes an instance out of this set (remove, idle,
 * superseded, close) owns stopping its container, so every container is stopped exactly once; callers still holding a
 * lease on a removed instance just give their slot back.
 */
final class FunctionInstances {

    private final String function;
    private final Path instancesDir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Instance> instances = new ArrayList<>();
    private long newestVersion;

    FunctionInstances(String function, Path instancesDir) {
        this.function = function;
        this.instancesDir = instancesDir;
    }

    /**
     * Takes a slot on a ready instance of the spec's version, or reserves a new instance when the version runs fewer
     * than its maximum, or waits up to {@code queueTimeout} for either.
     *
     * @param superseded receives idle instances of older versions, now taken out of this set for the caller to stop
     * @throws CapacityExhaustedException when no slot became free in time
     */
    Lease acquire(FunctionSpec spec, Duration queueTimeout, List<Instance> superseded) {
        long deadline = System.nanoTime() + queueTimeout.toNanos();
        lock.lock();
        try {
            supersede(spec.version(), superseded);
            while (true) {
                Optional<Lease> lease = tryAcquire(spec);
                if (lease.isPresent()) {
                    return lease.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CapacityExhaustedException("function " + function + " runs its maximum of "
                            + spec.maxInstances() + " instances and none had a free slot within "
                            + queueTimeout.toMillis() + " ms");
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceException("interrupted while waiting for an instance of " + function, e);
        } finally {
            lock.unlock();
        }
    }

    /** Marks a started instance ready, so waiting invocations can use its other slots. */
    void ready(Instance instance) {
        withLock(() -> {
            if (instance.state() == Instance.State.STARTING) {
                instance.state(Instance.State.READY);
            }
        });
    }

    /**
     * Gives a slot back. Returns the instance when it belongs to an older version or was drained and is now idle: it
     * has been taken out of the set and the caller stops it.
     */
    Optional<Instance> release(Instance instance) {
        lock.lock();
        try {
            instance.end(Instant.now());
            changed.signalAll();
            boolean retired = instance.version() < newestVersion || instance.state() == Instance.State.RETIRING;
            boolean outdated = retired && instance.inFlight() == 0;
            return outdated && instances.remove(instance) ? Optional.of(instance) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the instance out of the set; true when this call did, so the caller stops it. */
    boolean remove(Instance instance) {
        lock.lock();
        try {
            changed.signalAll();
            return instances.remove(instance);
        } finally {
            lock.unlock();
        }
    }

    /** Takes out the ready instances that have had nothing to do since {@code cutoff}. */
    List<Instance> takeIdle(Instant cutoff) {
        return takeWhere(instance -> instance.idleSince(cutoff));
    }

    /** Takes out every instance, busy or not. */
    List<Instance> takeAll() {
        return takeWhere(instance -> true);
    }

    /** Takes out every instance and forgets the newest version, as for a function deleted or replaced. */
    List<Instance> retireAll() {
        lock.lock();
        try {
            newestVersion = 0;
            return takeAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Retires every instance without cutting an invocation off: idle ones are taken out now for the caller to stop;
     * busy and starting ones take no new work and {@link #release} hands each back once its last invocation ends. The
     * next invocation starts a fresh instance.
     */
    List<Instance> drain() {
        lock.lock();
        try {
            List<Instance> idle = new ArrayList<>();
            for (Instance instance : List.copyOf(instances)) {
                instance.state(Instance.State.RETIRING);
                if (instance.inFlight() == 0 && instances.remove(instance)) {
                    idle.add(instance);
                }
            }
            changed.signalAll();
            return idle;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the instance out if it is still idle; true when this call did, so the caller stops it. */
    boolean removeIfIdle(Instance instance) {
        lock.lock();
        try {
            return instance.inFlight() == 0 && instances.remove(instance);
        } finally {
            lock.unlock();
        }
    }

    /** The instances that are ready and idle now, for a liveness probe outside the lock. */
    List<Instance> idleNow() {
        return snapshot(instance -> instance.state() != Instance.State.STARTING && instance.inFlight() == 0);
    }

    List<InstanceInfo> infos() {
        lock.lock();
        try {
            return instances.stream().map(Instance::info).toList();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return instances.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    // TODO: an invocation of a version older than the newest seen (a stale spec) gets no warm instance: its instance
    //  is retired as soon as it is idle, so each such invocation is a cold start.
    private Optional<Lease> tryAcquire(FunctionSpec spec) {
        long running = 0;
        for (Instance instance : instances) {
            if (instance.version() != spec.version()) {
                continue;
            }
            if (instance.hasFreeSlot()) {
                instance.begin();
                return Optional.of(new Lease(instance, false));
            }
            running += instance.state() == Instance.State.RETIRING ? 0 : 1;
        }
        if (running >= spec.maxInstances()) {
            return Optional.empty();
        }
        var fresh = new Instance(spec, instancesDir);
        fresh.begin();
        instances.add(fresh);
        return Optional.of(new Lease(fresh, true));
    }

    private void supersede(long version, List<Instance> superseded) {
        if (version <= newestVersion) {
            return;
        }
        newestVersion = version;
        for (Instance instance : List.copyOf(instances)) {
            if (instance.version() < version && instance.state() != Instance.State.STARTING) {
                instance.state(Instance.State.RETIRING);
                if (instance.inFlight() == 0 && instances.remove(instance)) {
                    superseded.add(instance);
                }
            }
        }
    }

    private List<Instance> takeWhere(java.util.function.Predicate<Instance> taken) {
        lock.lock();
        try {
            List<Instance> out =
                    new ArrayList<>(instances.stream().filter(taken).toList());
            instances.removeAll(out);
            changed.signalAll();
            return out;
        } finally {
            lock.unlock();
        }
    }

    private List<Instance> snapshot(java.util.function.Predicate<Instance> included) {
        lock.lock();
        try {
            return instances.stream().filter(included).toList();
        } finally {
            lock.unlock();
        }
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A slot on an instance; {@code cold} when the instance was reserved for this invocation and must be started. */
    record Lease(Instance instance, boolean cold) {}
}
