package io.faasioflex.audit.verify;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of a verification.
 *
 * @param fromSequence the first stream sequence checked (the verifier starts at a signed anchor, so possibly before
 *     the one asked for)
 * @param toSequence the last stream sequence asked for
 * @param rowsChecked ledger rows re-hashed and compared
 * @param checkpointsChecked checkpoints whose signature and position were checked
 * @param unsealedRows rows after the last checkpoint, which no signature covers yet
 * @param firstBreak the first broken link, empty when everything verified
 * @param verifiedAt when the verification ran
 */
public record VerificationReport(
        long fromSequence,
        long toSequence,
        long rowsChecked,
        long checkpointsChecked,
        long unsealedRows,
        Optional<BrokenLink> firstBreak,
        Instant verifiedAt) {

    /** Whether nothing was found broken. */
    public boolean intact() {
        return firstBreak.isEmpty();
    }

    /** One line for an operator, for example {@code audit chain intact: rows 1..5000 (5000 rows, 6 checkpoints, ...)}. */
    public String summary() {
        String range = "rows " + fromSequence + ".." + (fromSequence + rowsChecked - 1) + " (" + rowsChecked + " rows, "
                + checkpointsChecked + " checkpoints, " + unsealedRows + " not yet checkpointed)";
        return firstBreak
                .map(broken -> "audit chain BROKEN at row " + broken.sequence() + " (" + broken.kind() + "): "
                        + broken.detail())
                .orElse("audit chain intact: " + range);
    }
}
