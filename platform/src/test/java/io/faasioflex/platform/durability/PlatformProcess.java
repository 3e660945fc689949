package io.faasioflex.platform.durability;

import io.faasioflex.platform.testing.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The platform as an operator runs it: the shaded jar in its own JVM, configured by command-line properties, with its
 * output in a file under {@code target/platform-processes/}. Killing it is a real crash: no shutdown hook, no
 * draining, containers and unacknowledged stream messages left behind.
 */
final class PlatformProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private PlatformProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code java -jar} on the platform's shaded jar with {@code properties} (plus a free server port) and
     * waits until {@code GET /health} answers 200, that is until NATS, JetStream, Docker and the ledger are up.
     */
    static PlatformProcess start(String name, Map<String, String> properties) {
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-jar",
                platformJar().toString(),
                "-micronaut.server.port=" + port));
        properties.forEach((key, value) -> command.add("-" + key + "=" + value));
        Path logFile = logDirectory().resolve(name + "-" + System.currentTimeMillis() + ".log");
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            PlatformProcess platform = new PlatformProcess(name, port, logFile, process);
            platform.awaitHealthy();
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the platform jar; see " + logFile, e);
        }
    }

    /**
     * The shaded jar {@code package} built, next to {@code target/test-classes}; {@code -Dfaas.platform.jar} names
     * another. Failsafe runs after {@code package}, so a missing jar means the build is not what this test expects.
     */
    static Path platformJar() {
        String configured = System.getProperty("faas.platform.jar", "");
        if (!configured.isBlank()) {
            return requireFile(Path.of(configured));
        }
        Path target = targetDirectory();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(PlatformProcess::isShadedJar)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no faasioflex-platform-*.jar in " + target
                            + "; run this test through `./mvnw -pl platform verify` (it needs the shaded jar that"
                            + " `package` builds) or pass -Dfaas.platform.jar=<path>"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crashed JVM or an OOM-killer would end it; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Sends one request; an unreachable platform surfaces as {@link IOException}, for callers that expect it. */
    ApiResponse send(String method, String path, String token, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }

    /** {@link #send} with a JSON body (none when empty) to a platform meant to be up: an I/O failure fails the test. */
    ApiResponse call(String method, String path, String token, String json) {
        Map<String, String> headers = json.isEmpty() ? Map.of() : Map.of("Content-Type", "application/json");
        try {
            return send(method, path, token, json.getBytes(StandardCharsets.UTF_8), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not answer " + method + " " + path + "; see " + logFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The health document, or an empty string while the platform does not answer. */
    String health() {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri("/health"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGTERM: the platform shuts down in order and removes the containers it owns. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " while starting; see " + logFile);
            }
            if (!health().isEmpty()) {
                return;
            }
            Waits.pause(Duration.ofMillis(200));
        }
        kill();
        throw new IllegalStateException(name + " was not healthy within " + STARTUP_TIMEOUT + "; see " + logFile);
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

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static boolean isShadedJar(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.startsWith("faasioflex-platform-")
                && fileName.endsWith(".jar")
                && !fileName.endsWith("-tests.jar")
                && !fileName.endsWith("-sources.jar");
    }

    private static Path targetDirectory() {
        try {
            Path testClasses = Path.of(PlatformProcess.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return testClasses.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes", e);
        }
    }

    private static Path requireFile(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("faas.platform.jar names " + jar + ", which is not a file");
        }
        return jar;
    }

    private static Path logDirectory() {
        return targetDirectory().resolve("platform-processes");
    }

    private static int freeLoopbackPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
