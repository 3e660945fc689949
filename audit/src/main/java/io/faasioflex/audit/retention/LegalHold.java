package io.faasioflex.audit.retention;

import java.time.Instant;
import java.util.Optional;

/**
 * A legal hold: while active, no event whose time lies in {@code [coversFrom, coversUntil)} is removed by retention.
 *
 * @param id the hold's id
 * @param reason why it was placed (a case reference, for example)
 * @param coversFrom start of the covered time range, included
 * @param coversUntil end of the covered time range, excluded
 * @param placedBy who placed it
 * @param placedAt when it was placed
 * @param releasedBy who released it, empty while active
 * @param releasedAt when it was released, empty while active
 */
public record LegalHold(
        String id,
        String reason,
        Instant coversFrom,
        Instant coversUntil,
        String placedBy,
        Instant placedAt,
        Optional<String> releasedBy,
        Optional<Instant> releasedAt) {

    public boolean active() {
        return releasedAt.isEmpty();
    }
}
