package io.faasioflex.audit.projection;

/**
 * How far the PostgreSQL projection trails the audit stream.
 *
 * @param streamLastSequence the last sequence in {@code AUDIT}
 * @param appliedSequence the last sequence the projector consumed
 */
public record ProjectionLag(long streamLastSequence, long appliedSequence) {

    /** Events in the stream not yet projected (never negative). */
    public long events() {
        return Math.max(0, streamLastSequence - appliedSequence);
    }
}
