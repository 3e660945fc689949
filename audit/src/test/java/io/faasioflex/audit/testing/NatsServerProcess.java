package io.faasioflex.audit.testing;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream, started by a test on a free loopback port.
 *
 * <p>The binary is looked up in the directory named by the system property {@code faas.bin.dir} or the environment
 * variable {@code FAAS_BIN_DIR} (as {@code nats-server}, then {@code nats-2.14.5/nats-server}), then on the
 * {@code PATH}. The server stores JetStream data in a temporary directory that survives {@link #stop()} and
 * {@link #restart()} and is deleted by {@link #close()}. Its output goes to a file under {@code target/nats-server/}
 * (see {@link #logFile()}).
 *
 * <pre>{@code
 * try (var nats = NatsServerProcess.start(); var connection = nats.connect()) { ... }
 * }</pre>
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final String PINNED_VERSION_DIR = "nats-2.14.5";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> command;
    private final Path workDirectory;
    private final Path storeDirectory;
    private final Path logFile;
    private final int port;
    private final Thread killOnExit = new Thread(this::kill, "nats-server-kill-on-exit");
    private Process process;

    private NatsServerProcess(Options options) throws IOException {
        this.port = freeLoopbackPort();
        this.workDirectory = Files.createTempDirectory("faas-nats-");
        this.storeDirectory = Files.createDirectory(workDirectory.resolve("jetstream"));
        this.logFile = logDirectory().resolve("nats-server-" + port + "-" + System.currentTimeMillis() + ".log");
        this.command = command(options);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a server with default limits. */
    public static NatsServerProcess start() {
        return start(Options.defaults());
    }

    /** Starts a server with {@code options}. */
    public static NatsServerProcess start(Options options) {
        NatsServerProcess server;
        try {
            server = new NatsServerProcess(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare nats-server", e);
        }
        try {
            server.launch();
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("cannot start nats-server", e);
        }
    }

    /** The client URL, for example {@code nats://127.0.0.1:43121}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The JetStream store directory, kept across {@link #stop()} and {@link #restart()}. */
    public Path storeDirectory() {
        return storeDirectory;
    }

    /** Where the server's output goes. */
    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Opens a client connection tuned for tests: it reconnects every 100 ms without a limit, so it survives a
     * {@link #restart()}. The caller closes it.
     */
    public Connection connect() {
        var options = new io.nats.client.Options.Builder()
                .server(url())
                .connectionName("faasioflex-test")
                .reconnectWait(Duration.ofMillis(100))
                .maxReconnects(-1)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + url(), e);
        }
    }

    /** Stops the server gracefully (SIGTERM), keeping its store. Does nothing if it is not running. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        awaitExit();
    }

    /** Kills the server at once (SIGKILL), as a crash would, keeping its store. */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        process.destroyForcibly();
        awaitExit();
    }

    /** Stops the server if it runs and starts it again on the same port with the same store. */
    public synchronized void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart nats-server on port " + port, e);
        }
    }

    /** Stops the server and deletes its store. */
    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(workDirectory);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private synchronized void launch() throws IOException {
        Files.createDirectories(logFile.getParent());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitClientPort();
    }

    private void awaitClientPort() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + "; see " + logFile);
            }
            if (greets()) {
                return;
            }
            sleep(Duration.ofMillis(20));
        }
        process.destroyForcibly();
        throw new IOException("nats-server did not accept connections within " + STARTUP_TIMEOUT + "; see " + logFile);
    }

    /** Whether the server accepts a connection and sends its INFO greeting. */
    private boolean greets() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1_000);
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String greeting = reader.readLine();
            return greeting != null && greeting.startsWith("INFO ");
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private List<String> command(Options options) throws IOException {
        var arguments = new ArrayList<>(List.of(
                binary().toString(), "-js", "-sd", storeDirectory.toString(), "-a", "127.0.0.1", "-p", "" + port));
        if (options.maxPayloadBytes() > 0) {
            Path config = workDirectory.resolve("nats-server.conf");
            Files.writeString(config, "max_payload: " + options.maxPayloadBytes() + "\n");
            arguments.addAll(List.of("-c", config.toString()));
        }
        arguments.addAll(options.extraArgs());
        return List.copyOf(arguments);
    }

    private static Path binary() {
        var candidates = new ArrayList<Path>();
        String binDir = System.getProperty("faas.bin.dir", System.getenv("FAAS_BIN_DIR"));
        if (binDir != null && !binDir.isBlank()) {
            candidates.add(Path.of(binDir, "nats-server"));
            candidates.add(Path.of(binDir, PINNED_VERSION_DIR, "nats-server"));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (!directory.isBlank()) {
                candidates.add(Path.of(directory, "nats-server"));
            }
        }
        return candidates.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no executable nats-server in " + candidates
                        + "; run deploy/bootstrap.sh or set faas.bin.dir / FAAS_BIN_DIR"));
    }

    private static Path logDirectory() {
        return Path.of(System.getProperty("faas.nats.log.dir", "target/nats-server"));
    }

    private static int freeLoopbackPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nats-server", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /**
     * How to start the server.
     *
     * @param maxPayloadBytes the largest message the server accepts, 0 for its default (1 MiB)
     * @param extraArgs further command-line arguments, appended last
     */
    public record Options(long maxPayloadBytes, List<String> extraArgs) {

        public Options {
            extraArgs = List.copyOf(extraArgs);
        }

        public static Options defaults() {
            return new Options(0, List.of());
        }

        public Options withMaxPayloadBytes(long bytes) {
            return new Options(bytes, extraArgs);
        }

        public Options withExtraArgs(String... arguments) {
            var all = new ArrayList<>(extraArgs);
            all.addAll(List.of(arguments));
            return new Options(maxPayloadBytes, all);
        }
    }
}
