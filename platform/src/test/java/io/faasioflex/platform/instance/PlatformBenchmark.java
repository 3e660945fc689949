package io.faasioflex.platform.instance;

import static io.faasioflex.platform.testing.LatencyReport.report;
import static io.faasioflex.platform.testing.LatencyReport.timed;
import static io.faasioflex.platform.testing.LatencyReport.warmup;

import io.faasioflex.platform.config.RuntimeProperties;
import io.faasioflex.platform.instance.UnixSocketHttpClient.Request;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The platform's overhead on an echo function: cold start and warm latency of {@code POST /functions/{name}/invoke}
 * through the whole platform (HTTP, JWT, OPA, audit acknowledgements, NATS request to the manager, the pool, the
 * watchdog), beside the same call made straight to the instance's watchdog socket. Bounded in calls; prints figures,
 * asserts nothing.
 *
 * <p>Run (after deploy/bootstrap.sh):
 *
 * <pre>
 * ./mvnw -q -pl platform -am install -DskipTests
 * ./mvnw -q -pl platform dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp platform/target/test-classes:platform/target/classes:$(cat platform/target/cp.txt) \
 *     io.faasioflex.platform.instance.PlatformBenchmark [coldStarts] [warmCalls]
 * </pre>
 */
public final class PlatformBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PlatformBenchmark() {}

    public static void main(String[] args) throws Exception {
        int coldStarts = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmCalls = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        byte[] body = new byte[1024];
        Arrays.fill(body, (byte) 'x');
        try (PlatformHarness platform = PlatformHarness.start(
                        Map.of("faas.runtime.idle-timeout", "10m", "faas.limits.enabled", false));
                UnixSocketHttpClient socket = new UnixSocketHttpClient(8L * 1024 * 1024)) {
            String token = platform.token("bench@example.com", "developer");
            for (int i = 0; i < coldStarts; i++) {
                platform.register(token, echo("cold-" + i));
            }
            int[] next = {0};
            double[] cold = report(
                    "cold start through the platform",
                    coldStarts,
                    () -> timed(() -> invoke(platform, token, "cold-" + next[0]++, body)));

            platform.register(token, echo("warm"));
            String instance = invoke(platform, token, "warm", body).header("X-Faas-Instance");
            Path path = Path.of(
                            platform.context().getBean(RuntimeProperties.class).instancesDir())
                    .resolve(instance)
                    .resolve(Instance.SOCKET_NAME);
            LongSupplier viaPlatform = () -> timed(() -> invoke(platform, token, "warm", body));
            var direct = Request.post("/invoke", Map.of("Content-Type", "application/octet-stream"), body);
            LongSupplier viaSocket = () -> timed(() -> require(send(socket, path, direct)));
            warmup(viaPlatform, 100);
            warmup(viaSocket, 100);
            double[] platformFigures = report("warm echo 1 KiB through the platform", warmCalls, viaPlatform);
            double[] socketFigures = report("warm echo 1 KiB direct to the watchdog socket", warmCalls, viaSocket);
            System.out.printf(
                    "platform overhead: p50 x%.2f (+%.3f ms), p99 x%.2f; cold start p50 %.1f ms%n",
                    platformFigures[0] / socketFigures[0],
                    platformFigures[0] - socketFigures[0],
                    platformFigures[1] / socketFigures[1],
                    cold[0]);
        }
    }

    private static String echo(String name) {
        return """
                {"name": "%s", "image": "%s", "mode": "stdio", "command": ["/bin/cat"], "cpus": 1.0,
                 "maxInstances": 1}""".formatted(name, PlatformHarness.DEMO_IMAGE);
    }

    private static ApiResponse invoke(PlatformHarness platform, String token, String name, byte[] body) {
        ApiResponse response = platform.post("/functions/" + name + "/invoke", token, body, "application/octet-stream");
        require(response.status());
        return response;
    }

    private static int send(UnixSocketHttpClient socket, Path path, Request request) {
        try {
            return socket.send(path, request, TIMEOUT).status();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void require(int status) {
        if (status != 200) {
            throw new IllegalStateException("invocation failed with status " + status);
        }
    }
}
