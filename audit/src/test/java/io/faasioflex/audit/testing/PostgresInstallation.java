package io.faasioflex.audit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where PostgreSQL's server programs are and how to run them: as the {@code postgres} OS user when the JVM runs as
 * root, since the server refuses to run as root.
 */
final class PostgresInstallation {

    private static final String OS_USER = "postgres";

    private PostgresInstallation() {}

    /** Prefixes {@code command} with a switch to the server's OS user when the JVM runs as root. */
    static List<String> asServerUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        var switched =
                new ArrayList<>(List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--"));
        switched.addAll(command);
        return switched;
    }

    static void handToServerUser(Path path) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, users.lookupPrincipalByName(OS_USER));
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Path binDirectory() {
        String configured = System.getProperty("faas.postgres.bin", System.getenv("FAAS_POSTGRES_BIN"));
        if (configured != null && !configured.isBlank()) {
            return requireServer(Path.of(configured));
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return requireServer(
                    versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                            .max((a, b) -> Integer.compare(version(a), version(b)))
                            .map(dir -> dir.resolve("bin"))
                            .orElseThrow());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "no PostgreSQL server under /usr/lib/postgresql; run deploy/bootstrap.sh"
                            + " (apt-get install -y postgresql) or set faas.postgres.bin / FAAS_POSTGRES_BIN",
                    e);
        }
    }

    static int version(Path directory) {
        return Integer.parseInt(directory.getFileName().toString());
    }

    static Path requireServer(Path directory) {
        if (!Files.isExecutable(directory.resolve("postgres")) || !Files.isExecutable(directory.resolve("initdb"))) {
            throw new IllegalStateException("no postgres and initdb in " + directory);
        }
        return directory;
    }

    /** Runs a server tool as the server's OS user, its output appended to {@code logFile}. */
    static void run(List<String> command, Path logFile, Duration timeout) throws IOException {
        Process tool = new ProcessBuilder(asServerUser(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IOException(command.getFirst() + " failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.destroyForcibly();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
    }
}
