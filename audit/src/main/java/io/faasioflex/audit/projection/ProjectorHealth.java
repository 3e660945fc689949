package io.faasioflex.audit.projection;

import java.time.Instant;
import java.util.Optional;

/** Collects the projector's progress and failures, read from other threads. */
final class ProjectorHealth {

    private long appliedSequence = -1;
    private Instant lastProgressAt;
    private long consecutiveFailures;
    private String lastError;

    synchronized void progressed(long sequence, Instant at) {
        appliedSequence = sequence;
        lastProgressAt = at;
        consecutiveFailures = 0;
        lastError = null;
    }

    synchronized void failed(Exception error) {
        consecutiveFailures++;
        lastError = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    synchronized ProjectorStatus snapshot(boolean running) {
        return new ProjectorStatus(
                running,
                appliedSequence,
                Optional.ofNullable(lastProgressAt),
                consecutiveFailures,
                Optional.ofNullable(lastError));
    }
}
