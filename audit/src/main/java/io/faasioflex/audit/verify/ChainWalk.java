package io.faasioflex.audit.verify;

import io.faasioflex.audit.ledger.AuditTrustedKeys;
import io.faasioflex.audit.ledger.CanonicalForm;
import io.faasioflex.audit.ledger.ChainHash;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import io.faasioflex.audit.ledger.StoredEntry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Walks the ledger's rows in stream order from an anchor, interleaved with the checkpoints, and stops at the first
 * broken link. Each row must link to the row before it, and its columns, document and hash must agree; each
 * checkpoint must be signed, follow its predecessor, and name the row the walk reached.
 */
final class ChainWalk {

    /** Finds the stream sequence of the row holding a hash, to tell a deletion from a reordering or an insertion. */
    interface HashIndex {
        OptionalLong sequenceOf(byte[] hash) throws SQLException;
    }

    private final AuditTrustedKeys trustedKeys;
    private final Optional<Duration> maxCheckpointGap;
    private final HashIndex index;
    private final Checkpoints.Cursor checkpoints;
    private Optional<Checkpoint> previousCheckpoint;
    private long tipSequence;
    private byte[] tipHash;
    private long rowsSinceCheckpoint;
    private long rows;
    private long checkpointsChecked;

    ChainWalk(
            Anchor anchor,
            Checkpoints.Cursor checkpoints,
            AuditTrustedKeys trustedKeys,
            Optional<Duration> maxCheckpointGap,
            HashIndex index) {
        this.trustedKeys = trustedKeys;
        this.maxCheckpointGap = maxCheckpointGap;
        this.index = index;
        this.checkpoints = checkpoints;
        this.previousCheckpoint = anchor.checkpoint();
        this.tipSequence = anchor.sequence();
        this.tipHash = anchor.hash();
    }

    /** Checks {@code row}, the next in stream order, after the checkpoints that precede it. */
    Optional<BrokenLink> row(StoredEntry row) throws SQLException {
        Optional<BrokenLink> broken = checkpointsBefore(row.sequence());
        if (broken.isEmpty()) {
            broken = link(row).or(() -> content(row));
        }
        tipSequence = row.sequence();
        tipHash = row.hash();
        rowsSinceCheckpoint++;
        rows++;
        return broken;
    }

    /** Checks the checkpoints left after the last row. */
    Optional<BrokenLink> end() throws SQLException {
        return checkpointsBefore(Long.MAX_VALUE);
    }

    long rows() {
        return rows;
    }

    long checkpointsChecked() {
        return checkpointsChecked;
    }

    long tipSequence() {
        return tipSequence;
    }

    byte[] tipHash() {
        return tipHash;
    }

    /** Rows walked since the last checkpoint, which no signature covers. */
    long unsealedRows() {
        return rowsSinceCheckpoint;
    }

    private Optional<BrokenLink> checkpointsBefore(long sequence) throws SQLException {
        while (checkpoints.peek().filter(next -> next.lastSequence() < sequence).isPresent()) {
            Optional<BrokenLink> broken = checkpoint(checkpoints.take());
            if (broken.isPresent()) {
                return broken;
            }
        }
        return Optional.empty();
    }

    private Optional<BrokenLink> checkpoint(Checkpoint checkpoint) {
        checkpointsChecked++;
        Optional<BrokenLink> broken = CheckpointRules.statement(
                        checkpoint, previousCheckpoint, trustedKeys, maxCheckpointGap)
                .or(() -> position(checkpoint));
        previousCheckpoint = Optional.of(checkpoint);
        rowsSinceCheckpoint = 0;
        return broken;
    }

    /** The checkpoint must name the row the walk reached, and count the rows since the previous one. */
    private Optional<BrokenLink> position(Checkpoint checkpoint) {
        long at = checkpoint.lastSequence();
        String name = "checkpoint " + checkpoint.number();
        if (at != tipSequence) {
            return broken(
                    Math.min(at, tipSequence + 1),
                    BreakKind.DELETED,
                    name + " names row " + at + ", which is missing (the chain reached " + tipSequence + ")");
        }
        if (!Arrays.equals(checkpoint.lastHash(), tipHash)) {
            return broken(at, BreakKind.ALTERED, name + " signed another hash for row " + at);
        }
        if (checkpoint.eventCount() != rowsSinceCheckpoint) {
            BreakKind kind = rowsSinceCheckpoint < checkpoint.eventCount() ? BreakKind.DELETED : BreakKind.INSERTED;
            return broken(
                    at,
                    kind,
                    name + " counted " + checkpoint.eventCount() + " rows since the previous one, the"
                            + " ledger holds " + rowsSinceCheckpoint);
        }
        return Optional.empty();
    }

    private Optional<BrokenLink> link(StoredEntry row) throws SQLException {
        if (Arrays.equals(row.previousHash(), tipHash)) {
            return Optional.empty();
        }
        long at = row.sequence();
        OptionalLong linked = index.sequenceOf(row.previousHash());
        if (linked.isPresent() && linked.getAsLong() > at) {
            return broken(
                    at,
                    BreakKind.REORDERED,
                    "row " + at + " follows row " + linked.getAsLong() + " in the chain but comes before it");
        }
        if (linked.isPresent() && linked.getAsLong() < tipSequence) {
            return broken(
                    tipSequence,
                    BreakKind.INSERTED,
                    "row " + tipSequence + " sits between rows " + linked.getAsLong() + " and " + at
                            + ", which are chained to each other");
        }
        if (at > tipSequence + 1) {
            return broken(
                    tipSequence + 1,
                    BreakKind.DELETED,
                    "rows " + (tipSequence + 1) + " to " + (at - 1) + " are missing: row " + at
                            + " follows a row that is no longer there");
        }
        return broken(
                tipSequence,
                BreakKind.ALTERED,
                "row " + tipSequence + " carries a hash row " + at + " was not chained to");
    }

    private Optional<BrokenLink> content(StoredEntry row) {
        long at = row.sequence();
        if (!Arrays.equals(CanonicalForm.of(row.entry()), row.document())) {
            return broken(at, BreakKind.ALTERED, "row " + at + " columns differ from its stored document");
        }
        if (!Arrays.equals(ChainHash.next(row.previousHash(), row.document()), row.hash())) {
            return broken(at, BreakKind.ALTERED, "row " + at + " document does not match its hash");
        }
        return Optional.empty();
    }

    private static Optional<BrokenLink> broken(long sequence, BreakKind kind, String detail) {
        return Optional.of(new BrokenLink(sequence, kind, detail));
    }
}
