package io.faasioflex.audit.projection;

import java.time.Duration;
import java.util.Objects;

/**
 * How the projector consumes the audit stream and how often it signs checkpoints.
 *
 * @param durableName name of the durable JetStream consumer on {@code AUDIT}
 * @param batchSize most messages fetched and written in one transaction
 * @param fetchWait longest wait for a message when the stream is idle (JetStream's minimum is one second)
 * @param checkpointEveryEvents sign a checkpoint after this many chained events
 * @param checkpointInterval sign a checkpoint at least this often, also when no event arrived
 * @param ackWait how long JetStream waits for an acknowledgement before it redelivers a message
 * @param maxBackoff longest pause between retries while NATS or PostgreSQL is unavailable
 */
public record ProjectorSettings(
        String durableName,
        int batchSize,
        Duration fetchWait,
        int checkpointEveryEvents,
        Duration checkpointInterval,
        Duration ackWait,
        Duration maxBackoff) {

    public ProjectorSettings {
        Objects.requireNonNull(durableName, "durableName");
        if (!durableName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("durableName must be letters, digits, '-' or '_', got " + durableName);
        }
        requireRange("batchSize", batchSize, 1, 10_000);
        requireAtLeast("fetchWait", fetchWait, Duration.ofSeconds(1));
        requireRange("checkpointEveryEvents", checkpointEveryEvents, 1, 10_000_000);
        requireAtLeast("checkpointInterval", checkpointInterval, Duration.ofSeconds(1));
        requireAtLeast("ackWait", ackWait, Duration.ofSeconds(1));
        requireAtLeast("maxBackoff", maxBackoff, Duration.ofMillis(10));
    }

    /** Durable {@code audit-projector}, batches of 500, a checkpoint every 1000 events or 10 seconds. */
    public static ProjectorSettings defaults() {
        return new ProjectorSettings(
                "audit-projector",
                500,
                Duration.ofSeconds(1),
                1000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));
    }

    public ProjectorSettings withBatchSize(int size) {
        return new ProjectorSettings(
                durableName, size, fetchWait, checkpointEveryEvents, checkpointInterval, ackWait, maxBackoff);
    }

    public ProjectorSettings withCheckpoints(int everyEvents, Duration interval) {
        return new ProjectorSettings(durableName, batchSize, fetchWait, everyEvents, interval, ackWait, maxBackoff);
    }

    public ProjectorSettings withAckWait(Duration wait) {
        return new ProjectorSettings(
                durableName, batchSize, fetchWait, checkpointEveryEvents, checkpointInterval, wait, maxBackoff);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requireAtLeast(String name, Duration value, Duration min) {
        if (value == null || value.compareTo(min) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }
}
