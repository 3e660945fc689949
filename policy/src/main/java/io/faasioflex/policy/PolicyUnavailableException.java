package io.faasioflex.policy;

/**
 * No decision could be made: the policy could not be loaded or evaluated, or the OPA server was unreachable,
 * too slow or answered something unusable.
 *
 * <p>Callers must treat it as a denial they cannot explain to the client, typically a 503, and never as an
 * allow.
 */
public class PolicyUnavailableException extends PolicyException {

    /** Creates an exception with a message naming what could not be evaluated. */
    public PolicyUnavailableException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the cause it wraps. */
    public PolicyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
