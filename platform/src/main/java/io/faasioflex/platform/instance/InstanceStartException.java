package io.faasioflex.platform.instance;

/**
 * A new instance could not be started: the image is missing, the engine refused or is down, or the watchdog did not
 * become ready within the start timeout. The container, if one was created, has been removed.
 */
public final class InstanceStartException extends InstanceException {

    public InstanceStartException(String message) {
        super(message);
    }

    public InstanceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
