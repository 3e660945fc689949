package io.faasioflex.audit;

/**
 * The audit stream did not take an event: the server is unreachable, refused it, or did not acknowledge it in time.
 *
 * <p>Callers on the request path treat it as "fail closed": the request is answered with 503 and no result leaves
 * the platform.
 */
public class AuditUnavailableException extends AuditException {

    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
