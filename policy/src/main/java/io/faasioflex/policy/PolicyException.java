package io.faasioflex.policy;

/** Base of every exception the policy module throws. */
public class PolicyException extends RuntimeException {

    /** Creates an exception with a message naming the input and the rule it broke. */
    public PolicyException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the cause it wraps. */
    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
