package io.faasioflex.platform.secrets;

/** A secret cannot be sealed, opened or stored: no key is configured, a key is unknown, or a value was altered. */
public class SecretException extends RuntimeException {

    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
