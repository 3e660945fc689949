package io.faasioflex.platform.instance;

/** Why an instance was stopped, as passed to {@link InstanceListener#instanceStopped}. */
public final class StopReasons {

    /** No invocation for the idle timeout. */
    public static final String IDLE = "idle";
    /** The function was deleted. */
    public static final String DELETED = "deleted";
    /** A secret of the function was written or deleted, so its instances held old secret files. */
    public static final String SECRETS_CHANGED = "secrets_changed";
    /** The platform replaced the instance, for example after a change of its resources. */
    public static final String REPLACED = "replaced";
    /** The container exited, its watchdog stopped answering, or a crash left it unhealthy. */
    public static final String DIED = "died";
    /** The watchdog did not answer within the function's timeout plus grace, so the instance was killed. */
    public static final String TIMEOUT = "timeout";
    /** The pool was closed. */
    public static final String SHUTDOWN = "shutdown";
    /** A newer version of the function is being invoked and this instance became idle. */
    public static final String SUPERSEDED = "superseded";

    private StopReasons() {}
}
