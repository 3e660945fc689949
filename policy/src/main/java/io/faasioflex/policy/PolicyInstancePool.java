package io.faasioflex.policy;

import com.styra.opa.wasm.OpaPolicy;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bounded set of WebAssembly policy instances. One instance evaluates one decision at a time, so each
 * caller borrows one; instances are created on demand up to the limit and reused afterwards, keeping their
 * loaded data between decisions.
 */
final class PolicyInstancePool implements AutoCloseable {

    private final Supplier<OpaPolicy> factory;
    private final Semaphore permits;
    private final Duration borrowTimeout;
    private final ConcurrentLinkedDeque<Instance> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    PolicyInstancePool(Supplier<OpaPolicy> factory, int size, Duration borrowTimeout) {
        if (size < 1) {
            throw new IllegalArgumentException("policy instance pool size must be at least 1, got " + size);
        }
        this.factory = factory;
        this.permits = new Semaphore(size);
        this.borrowTimeout = borrowTimeout;
    }

    /** Takes an idle instance or creates one, waiting at most the borrow timeout when all are busy. */
    Instance borrow() {
        requireOpen();
        acquirePermit();
        var instance = idle.pollFirst();
        if (instance != null) {
            return instance;
        }
        try {
            return new Instance(factory.get());
        } catch (RuntimeException e) {
            permits.release();
            throw new PolicyUnavailableException("policy instance cannot be created", e);
        }
    }

    /** Adds an instance created outside the pool, such as the one that validated the module. */
    void seed(OpaPolicy policy) {
        idle.offerFirst(new Instance(policy));
    }

    /** Returns an instance that finished its evaluation normally. */
    void release(Instance instance) {
        if (!closed) {
            idle.offerFirst(instance);
        }
        permits.release();
    }

    /** Drops an instance whose evaluation failed: its memory may be in any state. */
    void discard(Instance instance) {
        permits.release();
    }

    @Override
    public void close() {
        closed = true;
        idle.clear();
    }

    private void requireOpen() {
        if (closed) {
            throw new PolicyUnavailableException("policy engine is closed");
        }
    }

    private void acquirePermit() {
        try {
            if (!permits.tryAcquire(borrowTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new PolicyUnavailableException(
                        "no policy instance became free within " + borrowTimeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyUnavailableException("interrupted while waiting for a policy instance", e);
        }
    }

    /** A policy instance and the generation of the data it holds. */
    static final class Instance {
        final OpaPolicy policy;
        long dataGeneration = -1;

        Instance(OpaPolicy policy) {
            this.policy = policy;
        }
    }
}
