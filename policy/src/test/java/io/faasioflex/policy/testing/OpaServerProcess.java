package io.faasioflex.policy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OPA server ({@code opa run --server}) on a free loopback port, serving the project's Rego and data,
 * for tests in any module.
 *
 * <p>The binary is {@code -Dopa.binary}, else {@code opa} in {@code -Dfaas.bin.dir} or {@code $FAAS_BIN_DIR}
 * or {@code ~/.cache/faasioflex/bin} (where {@code deploy/bootstrap.sh} puts it). The policy is the
 * {@code policy} module directory given by {@code -Dfaas.policy.dir}, else found by walking up from the
 * working directory. Decision logging goes to the server's console so answers carry a {@code decision_id};
 * telemetry is off so the server talks to nobody.
 */
public final class OpaServerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpaServerProcess.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final URI url;
    private final Path log;
    private final Thread shutdownHook;

    private OpaServerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, "opa-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts OPA with the project's {@code policy/rego} and {@code policy/data}. */
    public static OpaServerProcess start() {
        var policy = policyDirectory();
        return start(List.of(policy.resolve("rego"), policy.resolve("data")));
    }

    /** Starts OPA loading the given Rego files, data files and directories. */
    public static OpaServerProcess start(List<Path> policyPaths) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return launch(freePort(), policyPaths);
            } catch (IllegalStateException e) {
                // Most likely another process took the free port between probing and binding it.
                LOG.warn("opa server did not start attempt={}", attempt, e);
                last = e;
            }
        }
        throw last;
    }

    /** Base URL, such as {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    /** Whether the server process is still alive. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Everything the server printed so far, including its console decision log. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the opa server log " + log, e);
        }
    }

    /**
     * The server's output once it holds {@code text}, or as it is after {@code timeout}. OPA writes a decision's log
     * line after it answered, so a caller that just got a decision may have to wait for its line.
     */
    public String outputOnceItContains(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String output = output();
        while (!output.contains(text) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            output = output();
        }
        return output;
    }

    /** Stops the server; safe to call more than once. */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            waitOrKill();
            LOG.info("opa server stopped url={}", url);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway.
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            LOG.debug("opa server log not deleted path={}", log, e);
        }
    }

    /** The OPA binary this class runs. */
    public static Path opaBinary() {
        var binary = Optional.ofNullable(System.getProperty("opa.binary"))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .orElseGet(() -> binDirectory().resolve("opa"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "opa binary not found or not executable at " + binary + "; run deploy/bootstrap.sh");
        }
        return binary;
    }

    /** The {@code policy} module directory, holding {@code rego/} and {@code data/}. */
    public static Path policyDirectory() {
        var configured = System.getProperty("faas.policy.dir");
        if (configured != null && !configured.isBlank()) {
            return requirePolicyDirectory(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isPolicyDirectory(dir)) {
                return dir;
            }
            if (isPolicyDirectory(dir.resolve("policy"))) {
                return dir.resolve("policy");
            }
        }
        throw new IllegalStateException("no policy/rego above " + Path.of("").toAbsolutePath()
                + "; set -Dfaas.policy.dir to the policy module directory");
    }

    private static OpaServerProcess launch(int port, List<Path> policyPaths) {
        var url = URI.create("http://127.0.0.1:" + port);
        var log = createLog();
        var process = startProcess(command(port, policyPaths), log);
        var server = new OpaServerProcess(process, url, log);
        try {
            server.awaitHealthy();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("opa server started url={} pid={}", url, process.pid());
        return server;
    }

    private static List<String> command(int port, List<Path> policyPaths) {
        var command = new ArrayList<>(List.of(
                opaBinary().toString(),
                "run",
                "--server",
                "--addr",
                "127.0.0.1:" + port,
                "--disable-telemetry",
                "--set",
                "decision_logs.console=true"));
        policyPaths.forEach(path -> command.add(path.toString()));
        return command;
    }

    private static Process startProcess(List<String> command, Path log) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try (var client =
                HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()) {
            var health = HttpRequest.newBuilder(url.resolve("/health"))
                    .timeout(Duration.ofMillis(500))
                    .build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("opa server exited with " + process.exitValue() + ": " + logTail());
                }
                if (healthy(client, health)) {
                    return;
                }
                pause();
            }
        }
        throw new IllegalStateException("opa server not healthy within " + STARTUP_TIMEOUT + ": " + logTail());
    }

    private static boolean healthy(HttpClient client, HttpRequest health) {
        try {
            return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the opa server", e);
        }
    }

    private void waitOrKill() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the opa server", e);
        }
    }

    private static Path createLog() {
        try {
            return Files.createTempFile("opa-server-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the opa server log", e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path binDirectory() {
        return Optional.ofNullable(System.getProperty("faas.bin.dir"))
                .or(() -> Optional.ofNullable(System.getenv("FAAS_BIN_DIR")))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "faasioflex", "bin"));
    }

    private static boolean isPolicyDirectory(Path dir) {
        return Files.isDirectory(dir.resolve("rego")) && Files.isDirectory(dir.resolve("data"));
    }

    private static Path requirePolicyDirectory(Path dir) {
        if (!isPolicyDirectory(dir)) {
            throw new IllegalStateException("faas.policy.dir " + dir + " holds no rego/ and data/ directories");
        }
        return dir;
    }
}
