package io.faasioflex.audit.projection;

import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.ledger.ChainHash;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import io.faasioflex.audit.ledger.LedgerEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Signs and stores the next checkpoint of the chain, inside the projector's transaction. */
final class CheckpointWriter {

    private final AuditSigningKey signingKey;

    CheckpointWriter(AuditSigningKey signingKey) {
        this.signingKey = signingKey;
    }

    Checkpoint write(Connection transaction, ProjectorState state, Instant time) throws SQLException {
        Instant now = LedgerEntry.storedTime(time);
        Optional<Checkpoint> previous = Checkpoints.latest(transaction);
        long number = previous.map(checkpoint -> checkpoint.number() + 1).orElse(1L);
        byte[] previousDigest = previous.map(Checkpoint::digest).orElseGet(ChainHash::genesis);
        // checkpoint times strictly increase even if this host's clock is behind the previous writer's
        Instant at = previous.map(Checkpoint::createdAt)
                .filter(last -> !now.isAfter(last))
                .map(last -> last.plusNanos(1_000))
                .orElse(now);
        Checkpoint checkpoint = Checkpoint.signed(
                number,
                state.chainSequence(),
                state.chainHash(),
                state.eventsSinceCheckpoint(),
                at,
                previousDigest,
                signingKey);
        Checkpoints.insert(transaction, checkpoint);
        return checkpoint;
    }
}
