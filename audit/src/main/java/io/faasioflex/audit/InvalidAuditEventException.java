package io.faasioflex.audit;

/** An audit event, or a part of one, breaks a rule of the event model (for example an action with a wildcard). */
public class InvalidAuditEventException extends AuditException {

    public InvalidAuditEventException(String message) {
        super(message);
    }
}
