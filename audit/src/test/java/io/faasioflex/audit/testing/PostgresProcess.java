package io.faasioflex.audit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server started by a test: a fresh cluster in a temporary directory, listening on a free loopback
 * port, with an application role that owns the database {@value #DEFAULT_DATABASE}.
 *
 * <p>PostgreSQL refuses to run as root, so when the JVM runs as root the cluster belongs to the {@code postgres} OS
 * user and every server program is started through {@code setpriv} as that user. The binaries are looked up in the
 * directory named by the system property {@code faas.postgres.bin} or the environment variable
 * {@code FAAS_POSTGRES_BIN}, then in the newest {@code /usr/lib/postgresql/<version>/bin} (Debian's
 * {@code postgresql} package). The data directory survives {@link #stop()}, {@link #kill()} and {@link #restart()} and
 * is deleted by {@link #close()}; the server's output goes to {@link #logFile()}.
 *
 * <p>By default the server trades crash safety of the host for speed ({@code fsync=off}): a stopped or killed server
 * loses nothing, a crashed machine could. {@link Options#durable()} keeps PostgreSQL's defaults, for benchmarks.
 *
 * <pre>{@code
 * try (var postgres = PostgresProcess.start()) {
 *     String url = postgres.createDatabase("test_one");
 *     ...
 * }
 * }</pre>
 */
public final class PostgresProcess implements AutoCloseable {

    /** The database created at start, owned by {@link #user()}. */
    public static final String DEFAULT_DATABASE = "audit";

    private static final String SUPERUSER = "postgres";
    private static final String APP_USER = "faas_audit";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Options options;
    private final Path binDirectory;
    private final Path workDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final String superuserPassword = randomSecret();
    private final String password = randomSecret();
    private final Thread killOnExit = new Thread(this::kill, "postgres-kill-on-exit");
    private Process process;

    private PostgresProcess(Options options) throws IOException {
        this.options = options;
        this.binDirectory = PostgresInstallation.binDirectory();
        this.port = freeLoopbackPort();
        this.workDirectory = Files.createTempDirectory("faas-pg-");
        this.dataDirectory = workDirectory.resolve("data");
        this.logFile = logDirectory().resolve("postgres-" + port + "-" + System.currentTimeMillis() + ".log");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Initialises and starts a fast, non-durable server. */
    public static PostgresProcess start() {
        return start(Options.fast());
    }

    /** Initialises and starts a server with {@code options}. */
    public static PostgresProcess start(Options options) {
        PostgresProcess server;
        try {
            server = new PostgresProcess(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL", e);
        }
        try {
            server.initialise();
            server.launch();
            server.createRoleAndDatabase();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("cannot start PostgreSQL; see " + server.logFile, e);
        }
    }

    /** JDBC URL of {@link #DEFAULT_DATABASE}. */
    public String jdbcUrl() {
        return jdbcUrl(DEFAULT_DATABASE);
    }

    /** JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The application role: owns the databases this class creates, is not a superuser. */
    public String user() {
        return APP_USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Creates an empty database owned by {@link #user()}, for a test that wants its own.
     *
     * @param name lower-case letters, digits and '_'
     * @return its JDBC URL
     */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", got " + name);
        }
        execute("CREATE DATABASE " + name + " OWNER " + APP_USER);
        return jdbcUrl(name);
    }

    /** Opens a connection to {@code database} as {@link #user()}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), credentials(APP_USER, password));
    }

    /** Stops the server with a fast shutdown (open sessions are ended), keeping its data. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        signal("INT");
        awaitExit();
    }

    /** Kills the server (SIGKILL to the postmaster), as a crash would, keeping its data. */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        process.destroyForcibly();
        awaitExit();
    }

    /** Stops the server if it runs and starts it again on the same port with the same data. */
    public synchronized void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public synchronized void close() {
        stop();
        TestFiles.deleteRecursively(workDirectory);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private void initialise() throws IOException {
        Path passwordFile = workDirectory.resolve("superuser-password");
        Files.writeString(passwordFile, superuserPassword + "\n");
        PostgresInstallation.handToServerUser(workDirectory);
        PostgresInstallation.handToServerUser(passwordFile);
        Files.createDirectories(logFile.getParent());
        PostgresInstallation.run(
                List.of(
                        binDirectory.resolve("initdb").toString(),
                        "--pgdata=" + dataDirectory,
                        "--username=" + SUPERUSER,
                        "--pwfile=" + passwordFile,
                        "--auth-local=peer",
                        "--auth-host=scram-sha-256",
                        "--encoding=UTF8",
                        "--locale=C",
                        "--no-sync",
                        "--no-instructions"),
                logFile,
                STARTUP_TIMEOUT);
        Files.delete(passwordFile);
    }

    private synchronized void launch() throws IOException {
        for (int attempt = 1; ; attempt++) {
            process = new ProcessBuilder(PostgresInstallation.asServerUser(serverCommand()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            try {
                awaitConnections();
                return;
            } catch (IOException e) {
                // after a kill, orphaned backends may hold the old shared memory for a moment
                if (process.isAlive() || attempt == 5) {
                    kill();
                    throw e;
                }
                sleep(Duration.ofMillis(300));
            }
        }
    }

    private List<String> serverCommand() {
        var command = new ArrayList<>(List.of(
                binDirectory.resolve("postgres").toString(),
                "-D",
                dataDirectory.toString(),
                "-p",
                "" + port,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=" + workDirectory,
                "-c",
                "max_connections=100",
                "-c",
                "shared_buffers=64MB"));
        if (!options.durable()) {
            // commits still reach the kernel before they return, so a killed server loses no committed transaction
            command.addAll(List.of("-c", "fsync=off", "-c", "full_page_writes=off"));
        }
        for (String setting : options.settings()) {
            command.addAll(List.of("-c", setting));
        }
        return command;
    }

    private void awaitConnections() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("postgres exited with " + process.exitValue() + "; see " + logFile);
            }
            try (Connection ignored = superuserConnection("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IOException("postgres did not accept connections within " + STARTUP_TIMEOUT, last);
    }

    private void createRoleAndDatabase() {
        execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + password + "'");
        createDatabase(DEFAULT_DATABASE);
    }

    private void execute(String sql) {
        try (Connection connection = superuserConnection("postgres");
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql.replace(password, "***"), e);
        }
    }

    private Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), credentials(SUPERUSER, superuserPassword));
    }

    private static Properties credentials(String user, String secret) {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", secret);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "3");
        return properties;
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, "" + process.pid())
                    .inheritIO()
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
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

    private static Path logDirectory() {
        return Path.of(System.getProperty("faas.postgres.log.dir", "target/postgres"));
    }

    private static int freeLoopbackPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomSecret() {
        var bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    /**
     * How to run the server.
     *
     * @param durable keep PostgreSQL's crash-safe defaults ({@code fsync}, synchronous commit) instead of the fast
     *     test settings
     * @param settings further {@code name=value} server settings, applied last
     */
    public record Options(boolean durable, List<String> settings) {

        public Options {
            settings = List.copyOf(settings);
        }

        /** No fsync: fast, and safe against a killed server but not against a crashed machine. */
        public static Options fast() {
            return new Options(false, List.of());
        }

        /** PostgreSQL's durable defaults. */
        public static Options durableDefaults() {
            return new Options(true, List.of());
        }

        public Options withSettings(String... nameValues) {
            var all = new ArrayList<>(settings);
            all.addAll(List.of(nameValues));
            return new Options(durable, all);
        }
    }
}
