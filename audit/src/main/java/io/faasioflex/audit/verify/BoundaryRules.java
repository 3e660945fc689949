package io.faasioflex.audit.verify;

import io.faasioflex.audit.ledger.AuditTrustedKeys;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import io.faasioflex.audit.ledger.RetentionBoundary;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/** What the retention boundary in force must satisfy: a trusted signature, and agreement with its checkpoint. */
final class BoundaryRules {

    private BoundaryRules() {}

    static Optional<BrokenLink> check(Connection connection, RetentionBoundary boundary, AuditTrustedKeys keys)
            throws SQLException {
        long at = boundary.sequence();
        String name = "retention boundary " + boundary.number();
        if (!boundary.signatureValid(keys)) {
            return Optional.of(new BrokenLink(at, BreakKind.BAD_SIGNATURE, name + " is not signed by a trusted key"));
        }
        Optional<Checkpoint> checkpoint = Checkpoints.byNumber(connection, boundary.checkpointNumber());
        if (checkpoint.isEmpty()) {
            return Optional.of(new BrokenLink(
                    at,
                    BreakKind.MISSING_CHECKPOINT,
                    name + " names checkpoint " + boundary.checkpointNumber() + ", which is missing"));
        }
        if (checkpoint.get().lastSequence() != at
                || !Arrays.equals(checkpoint.get().lastHash(), boundary.hash())) {
            return Optional.of(new BrokenLink(
                    at,
                    BreakKind.ALTERED,
                    name + " disagrees with checkpoint " + boundary.checkpointNumber() + " about the chain's tip"));
        }
        if (!checkpoint.get().signatureValid(keys)) {
            return Optional.of(new BrokenLink(
                    at,
                    BreakKind.BAD_SIGNATURE,
                    "checkpoint " + checkpoint.get().number()
                            + " at the retention boundary is not signed by a trusted key"));
        }
        return Optional.empty();
    }
}
