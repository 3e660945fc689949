package io.faasioflex.audit.verify;

/** What kind of damage a broken link shows. */
public enum BreakKind {
    /** A row's content, document or hash was changed. */
    ALTERED,
    /** A row is missing: a gap in the chain, or a checkpoint names a row that is gone. */
    DELETED,
    /** A row that the projector never wrote sits in the chain. */
    INSERTED,
    /** Rows are not in the order in which they were chained. */
    REORDERED,
    /** A checkpoint or retention boundary is not signed by a trusted key. */
    BAD_SIGNATURE,
    /** A checkpoint is missing: a gap in their numbering or chain, or longer than allowed without one. */
    MISSING_CHECKPOINT
}
