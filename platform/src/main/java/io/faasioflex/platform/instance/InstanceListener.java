package io.faasioflex.platform.instance;

import io.faasioflex.platform.function.FunctionSpec;

/**
 * Told when an instance starts and when it stops, so the platform can audit and publish lifecycle events. Called on
 * the thread that started or stopped the instance; an exception thrown here is logged and otherwise ignored.
 */
public interface InstanceListener {

    /** An instance became ready; {@code startMillis} is how long it took from create to a healthy watchdog. */
    void instanceStarted(FunctionSpec spec, String instanceId, long startMillis);

    /** An instance was stopped and removed; {@code reason} is one of {@link StopReasons}. */
    void instanceStopped(FunctionSpec spec, String instanceId, String reason);

    /** A listener that ignores everything, for tools and tests that do not audit. */
    static InstanceListener none() {
        return new InstanceListener() {
            @Override
            public void instanceStarted(FunctionSpec spec, String instanceId, long startMillis) {}

            @Override
            public void instanceStopped(FunctionSpec spec, String instanceId, String reason) {}
        };
    }
}
