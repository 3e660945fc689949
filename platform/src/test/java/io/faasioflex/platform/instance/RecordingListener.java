package io.faasioflex.platform.instance;

import io.faasioflex.platform.function.FunctionSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what the pool announced, as {@code started <instance>} and {@code stopped <instance> <reason>}. */
final class RecordingListener implements InstanceListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void instanceStarted(FunctionSpec spec, String instanceId, long startMillis) {
        events.add("started " + instanceId);
    }

    @Override
    public void instanceStopped(FunctionSpec spec, String instanceId, String reason) {
        events.add("stopped " + instanceId + " " + reason);
    }

    List<String> events() {
        return List.copyOf(events);
    }

    /** Waits up to {@code wait} for an event, since some stops happen on a background thread. */
    boolean awaitEvent(String event, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (events.contains(event)) {
                return true;
            }
            Thread.sleep(20);
        }
        return events.contains(event);
    }
}
