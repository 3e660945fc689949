package io.faasioflex.platform.instance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the pool runs function instances.
 *
 * @param watchdogBinary the static watchdog on the host, mounted read-only at {@code /faas/bin/watchdog}
 * @param instancesDir the host directory under which each instance gets {@code <instanceId>/}, mounted at
 *     {@code /faas/run}
 * @param idleTimeout an instance with no invocation for this long is removed
 * @param queueTimeout how long an invocation waits for a slot when the function runs its maximum of instances
 * @param startTimeout how long a new container may take until its watchdog answers its health check
 * @param pidsLimit most processes a container may run
 * @param tmpfsMb size of the writable {@code /tmp} in each container
 * @param ownerId this platform process; labels its containers as {@code faasioflex.owner}
 * @param pullMissingImages whether {@link ImageInspector#pull} may pull an image the engine lacks
 * @param leftovers which leftover containers the pool removes when it starts
 * @param maxBodyBytes largest request or response body the watchdog passes ({@code FAAS_MAX_BODY_BYTES}), and the
 *     largest response body the pool reads from it; beyond it an invocation ends with 413 or 502 {@code too_large}
 */
public record RuntimeSettings(
        Path watchdogBinary,
        Path instancesDir,
        Duration idleTimeout,
        Duration queueTimeout,
        Duration startTimeout,
        int pidsLimit,
        int tmpfsMb,
        String ownerId,
        boolean pullMissingImages,
        LeftoverScope leftovers,
        long maxBodyBytes) {

    /**
     * Default body bound, equal to the watchdog's own default, for a pool used on its own; the platform passes its
     * {@code faas.max-body-bytes} instead, so its API, its managers and the watchdog apply one limit.
     */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

    /** Longest path the kernel takes for a unix socket (sun_path), less the terminating zero. */
    private static final int MAX_SOCKET_PATH = 107;

    public RuntimeSettings {
        Objects.requireNonNull(watchdogBinary, "watchdogBinary");
        Objects.requireNonNull(instancesDir, "instancesDir");
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("queueTimeout", queueTimeout);
        requirePositive("startTimeout", startTimeout);
        if (pidsLimit < 8 || tmpfsMb < 1 || maxBodyBytes < 1024) {
            throw new IllegalArgumentException(
                    "pidsLimit must be at least 8, tmpfsMb at least 1, maxBodyBytes at least 1024");
        }
        if (ownerId == null || ownerId.isBlank()) {
            throw new IllegalArgumentException("ownerId must name this platform process");
        }
        Objects.requireNonNull(leftovers, "leftovers");
        int socketPath = instancesDir.toAbsolutePath().toString().length() + "/0123456789ab/watchdog.sock".length();
        if (socketPath > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("instancesDir " + instancesDir + " is too long for a unix socket path");
        }
    }

    /** The settings the platform documents, with leftovers of this owner removed at start. */
    public RuntimeSettings(
            Path watchdogBinary,
            Path instancesDir,
            Duration idleTimeout,
            Duration queueTimeout,
            Duration startTimeout,
            int pidsLimit,
            int tmpfsMb,
            String ownerId,
            boolean pullMissingImages) {
        this(
                watchdogBinary,
                instancesDir,
                idleTimeout,
                queueTimeout,
                startTimeout,
                pidsLimit,
                tmpfsMb,
                ownerId,
                pullMissingImages,
                LeftoverScope.OWNER,
                DEFAULT_MAX_BODY_BYTES);
    }

    /** Defaults for a single machine: the watchdog under {@code ${FAAS_HOME:-~/.cache/faasioflex}/bin}. */
    public static RuntimeSettings defaults(String ownerId) {
        return new RuntimeSettings(
                defaultWatchdog(),
                Path.of("/tmp/faasioflex/instances"),
                Duration.ofSeconds(60),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                64,
                16,
                ownerId,
                true);
    }

    public RuntimeSettings withIdleTimeout(Duration idle) {
        return new RuntimeSettings(
                watchdogBinary,
                instancesDir,
                idle,
                queueTimeout,
                startTimeout,
                pidsLimit,
                tmpfsMb,
                ownerId,
                pullMissingImages,
                leftovers,
                maxBodyBytes);
    }

    public RuntimeSettings withQueueTimeout(Duration queue) {
        return new RuntimeSettings(
                watchdogBinary,
                instancesDir,
                idleTimeout,
                queue,
                startTimeout,
                pidsLimit,
                tmpfsMb,
                ownerId,
                pullMissingImages,
                leftovers,
                maxBodyBytes);
    }

    public RuntimeSettings withStartTimeout(Duration start) {
        return new RuntimeSettings(
                watchdogBinary,
                instancesDir,
                idleTimeout,
                queueTimeout,
                start,
                pidsLimit,
                tmpfsMb,
                ownerId,
                pullMissingImages,
                leftovers,
                maxBodyBytes);
    }

    public RuntimeSettings withWatchdogBinary(Path binary) {
        return new RuntimeSettings(
                binary,
                instancesDir,
                idleTimeout,
                queueTimeout,
                startTimeout,
                pidsLimit,
                tmpfsMb,
                ownerId,
                pullMissingImages,
                leftovers,
                maxBodyBytes);
    }

    /** {@code $FAAS_HOME/bin/watchdog}, or {@code ~/.cache/faasioflex/bin/watchdog} without FAAS_HOME. */
    public static Path defaultWatchdog() {
        String home = System.getenv("FAAS_HOME");
        Path base = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "faasioflex")
                : Path.of(home);
        return base.resolve("bin").resolve("watchdog");
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    /** Which containers labelled {@code faasioflex.managed=true} a starting pool removes. */
    public enum LeftoverScope {
        /** Only those whose {@code faasioflex.owner} is this process's owner id: safe when processes share an engine. */
        OWNER,
        /** Every managed container: for a single platform process per engine. */
        ALL
    }
}
