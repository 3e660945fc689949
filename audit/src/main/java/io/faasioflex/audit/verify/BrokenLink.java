package io.faasioflex.audit.verify;

/**
 * The first place where the ledger does not verify.
 *
 * @param sequence the stream sequence of the row (or of the chain tip a checkpoint names) where the damage shows
 * @param kind what kind of damage
 * @param detail a sentence for the operator, naming the rows or checkpoints involved
 */
public record BrokenLink(long sequence, BreakKind kind, String detail) {}
