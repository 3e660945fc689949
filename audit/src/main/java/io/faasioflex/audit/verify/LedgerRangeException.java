package io.faasioflex.audit.verify;

import io.faasioflex.audit.AuditException;

/**
 * A verification asked for rows the ledger does not hold: the range starts after its last row. Verifying it would
 * check other rows than those asked for, so the verifier refuses it.
 */
public class LedgerRangeException extends AuditException {

    public LedgerRangeException(String message) {
        super(message);
    }
}
