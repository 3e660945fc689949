package io.faasioflex.platform.instance;

/**
 * Every instance of a function is busy, the function already runs its maximum number of instances, and no slot
 * became free within the queue timeout.
 */
public final class CapacityExhaustedException extends InstanceException {

    public CapacityExhaustedException(String message) {
        super(message);
    }
}
