package io.faasioflex.audit;

/** Base of the audit module's unchecked exceptions. */
public class AuditException extends RuntimeException {

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
