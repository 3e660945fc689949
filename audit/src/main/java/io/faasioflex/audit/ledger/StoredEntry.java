package io.faasioflex.audit.ledger;

/**
 * A ledger row as read back: the entry rebuilt from the row's columns, and the stored document and hashes.
 *
 * @param entry the entry, from the columns
 * @param document the stored canonical bytes ({@code audit_events.document})
 * @param previousHash the stored {@code prev_hash}
 * @param hash the stored {@code hash}
 */
public record StoredEntry(LedgerEntry entry, byte[] document, byte[] previousHash, byte[] hash) {

    public long sequence() {
        return entry.sequence();
    }
}
