package io.faasioflex.platform.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the processes tests start share: the repository's root, a free loopback port, a scratch directory removed. */
public final class LocalResources {

    private LocalResources() {}

    /** The repository root: the nearest directory above the working directory that holds the Maven wrapper. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "cannot find the project root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A loopback port free at the time of the call; another process may still take it before the caller binds. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Deletes {@code dir} and everything below it, as far as it can; leftovers in a temp directory harm nothing. */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort, see above
        }
    }

    /**
     * {@code started} once {@code readiness} says it answers. Otherwise reads its log, calls {@code stop}, and throws
     * {@link IllegalStateException} naming {@code what} with the log, so a failed start explains itself.
     */
    public static <T> T awaitReady(T started, String what, Readiness readiness, Runnable stop, Supplier<String> log) {
        try {
            readiness.await();
            return started;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.run();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (RuntimeException e) {
            String logged = log.get();
            stop.run();
            throw new IllegalStateException(what + " did not start: " + e.getMessage() + "\n" + logged, e);
        }
    }

    /** Asks a process to stop, and kills it if it has not within five seconds. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits until a process just started answers; throws when it exits or does not answer in time. */
    @FunctionalInterface
    public interface Readiness {
        void await() throws InterruptedException;
    }
}
