package io.faasioflex.platform.instance;

import static io.faasioflex.platform.testing.LatencyReport.report;
import static io.faasioflex.platform.testing.LatencyReport.warmup;

import io.faasioflex.platform.function.FunctionSpec;
import io.faasioflex.platform.instance.UnixSocketHttpClient.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Measures the instance runtime against the real engine: cold-start latency, and warm invocation latency of an echo
 * function through the pool and straight to the watchdog's socket (the difference is the pool's own cost), plus the
 * bare socket round trip of a health check. Bounded: a fixed number of calls, one container at a time.
 *
 * <p>Run (after deploy/bootstrap.sh):
 *
 * <pre>
 * ./mvnw -q -pl platform test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp platform/target/test-classes:platform/target/classes:$(cat platform/target/cp.txt) \
 *     io.faasioflex.platform.instance.InstanceBenchmark [coldStarts] [warmCalls] [cpus]
 * </pre>
 */
public final class InstanceBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private InstanceBenchmark() {}

    public static void main(String[] args) throws Exception {
        int coldStarts = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmCalls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        // The functions' CPU limit: at 0.5 (the default of a registration) the engine's CFS quota throttles a
        // container that forks a process per call, which shows as a p99 near one 100 ms period's remainder.
        double cpus = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
        byte[] body = new byte[1024];
        Arrays.fill(body, (byte) 'x');
        var invocation = new Invocation("bench", body, "application/octet-stream");
        var settings = InstanceTestSupport.settings("benchmark");

        try (var docker = InstanceTestSupport.docker();
                var pool = new InstancePool(docker, settings, InstanceListener.none());
                var socketClient = new UnixSocketHttpClient(settings.maxBodyBytes())) {
            InstanceTestSupport.ensureDemoImage(docker);
            FunctionSpec echo = TestSpecs.withCpus(TestSpecs.stdio("bench-echo", "/bin/cat"), cpus);
            FunctionSpec web = TestSpecs.withCpus(TestSpecs.http("bench-web"), cpus);
            System.out.printf("functions limited to %.2f CPU%n", cpus);

            report("cold start, stdio echo (create+start+ready+invoke)", coldStarts, () -> {
                long started = System.nanoTime();
                require(pool.invoke(echo, invocation));
                long elapsed = System.nanoTime() - started;
                pool.retire("test", "bench-echo", StopReasons.DELETED);
                return elapsed;
            });

            pool.invoke(echo, invocation);
            Path socket = settings.instancesDir()
                    .resolve(pool.instances("test", "bench-echo").getFirst().instanceId())
                    .resolve(Instance.SOCKET_NAME);
            warmup(() -> timed(() -> require(pool.invoke(echo, invocation))), 100);
            report(
                    "warm stdio echo 1 KiB, through the pool",
                    warmCalls,
                    () -> timed(() -> require(pool.invoke(echo, invocation))));
            var direct = Request.post("/invoke", Map.of("Content-Type", "application/octet-stream"), body);
            report(
                    "warm stdio echo 1 KiB, direct to the watchdog socket",
                    warmCalls,
                    () -> timed(() ->
                            require(socketClient.send(socket, direct, TIMEOUT).status())));
            report(
                    "watchdog /healthz, direct to the socket",
                    warmCalls,
                    () -> timed(() -> require(socketClient
                            .send(socket, Request.get("/healthz"), TIMEOUT)
                            .status())));

            pool.invoke(web, invocation);
            warmup(() -> timed(() -> require(pool.invoke(web, invocation))), 100);
            report(
                    "warm http echo 1 KiB (busybox httpd CGI), through the pool",
                    warmCalls / 2,
                    () -> timed(() -> require(pool.invoke(web, invocation))));
        }
    }

    private static void require(InvocationResult result) {
        if (!result.ok() || result.status() != 200) {
            throw new IllegalStateException(
                    "invocation failed status=" + result.status() + " error=" + result.errorCode());
        }
    }

    private static void require(int status) {
        if (status != 200) {
            throw new IllegalStateException("watchdog answered " + status);
        }
    }

    private static long timed(ThrowingCall call) {
        long started = System.nanoTime();
        try {
            call.run();
        } catch (Exception e) {
            throw new IllegalStateException("benchmark call failed", e);
        }
        return System.nanoTime() - started;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
