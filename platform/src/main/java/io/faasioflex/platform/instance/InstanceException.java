package io.faasioflex.platform.instance;

/** Base of the exceptions the function-instance runtime throws; unchecked, with the cause always chained. */
public class InstanceException extends RuntimeException {

    public InstanceException(String message) {
        super(message);
    }

    public InstanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
