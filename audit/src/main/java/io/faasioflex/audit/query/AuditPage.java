package io.faasioflex.audit.query;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a query, in stream order.
 *
 * @param records the rows of the page
 * @param nextCursor the cursor for the next page (the last row's stream sequence), empty on the last page
 */
public record AuditPage(List<AuditRecord> records, OptionalLong nextCursor) {

    public AuditPage {
        records = List.copyOf(records);
    }
}
