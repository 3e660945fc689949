package io.faasioflex.audit.projection;

import java.time.Instant;
import java.util.Optional;

/**
 * The projector's own view of its health, for {@code /health}.
 *
 * @param running whether it was started and not closed
 * @param appliedSequence the last stream sequence it wrote, -1 before it read its position
 * @param lastProgressAt when a batch or checkpoint last committed
 * @param consecutiveFailures failed attempts since the last success; above zero while NATS or PostgreSQL is down
 * @param lastError the message of the last failure, if the last attempt failed
 */
public record ProjectorStatus(
        boolean running,
        long appliedSequence,
        Optional<Instant> lastProgressAt,
        long consecutiveFailures,
        Optional<String> lastError) {

    /** Running and its last attempt succeeded. */
    public boolean healthy() {
        return running && consecutiveFailures == 0;
    }
}
