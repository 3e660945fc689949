package io.faasioflex.platform.instance;

import io.faasioflex.platform.function.FunctionSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One running (or starting) container of a function version. Its counters are guarded by the lock of the
 * {@link FunctionInstances} that holds it; the container id is set once, by the thread that starts it.
 */
final class Instance {

    /** What an instance id looks like; anything else read back from a label is never used as a path. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    /** Where the watchdog's socket lives inside the per-instance directory. */
    static final String SOCKET_NAME = "watchdog.sock";

    enum State {
        STARTING,
        READY,
        RETIRING
    }

    private final String id;
    private final FunctionSpec spec;
    private final Path dir;
    private final Instant startedAt = Instant.now();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile String containerId = "";
    private State state = State.STARTING;
    private int inFlight;
    private long invocations;
    private Instant lastUsedAt = startedAt;

    Instance(FunctionSpec spec, Path instancesDir) {
        this.id = newId();
        this.spec = spec;
        this.dir = instancesDir.resolve(id);
    }

    String id() {
        return id;
    }

    FunctionSpec spec() {
        return spec;
    }

    long version() {
        return spec.version();
    }

    Path dir() {
        return dir;
    }

    Path socket() {
        return dir.resolve(SOCKET_NAME);
    }

    String containerId() {
        return containerId;
    }

    void containerId(String containerId) {
        this.containerId = containerId;
    }

    /** Marks the instance stopped; true when its start had been announced, so its stop is announced too. */
    boolean markStopped() {
        stopped.set(true);
        return announced.get();
    }

    boolean isStopped() {
        return stopped.get();
    }

    /** Records that the start is being announced; false when the instance was stopped first. */
    boolean announceStart() {
        announced.set(true);
        return !stopped.get();
    }

    Instant startedAt() {
        return startedAt;
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    int inFlight() {
        return inFlight;
    }

    boolean hasFreeSlot() {
        return state == State.READY && inFlight < spec.concurrency();
    }

    void begin() {
        inFlight++;
    }

    void end(Instant now) {
        inFlight--;
        invocations++;
        lastUsedAt = now;
    }

    boolean idleSince(Instant cutoff) {
        return state != State.STARTING && inFlight == 0 && lastUsedAt.isBefore(cutoff);
    }

    InstanceInfo info() {
        return new InstanceInfo(
                id,
                spec.qualifiedName(),
                spec.version(),
                containerId,
                state.name().toLowerCase(java.util.Locale.ROOT),
                inFlight,
                spec.concurrency(),
                startedAt,
                lastUsedAt,
                invocations);
    }

    private static String newId() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
