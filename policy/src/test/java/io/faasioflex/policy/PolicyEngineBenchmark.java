package io.faasioflex.policy;

import io.faasioflex.policy.AccessRequest.Resource;
import io.faasioflex.policy.testing.OpaServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures decisions per second and latency of both engines on this machine; not a test.
 *
 * <p>Run: {@code ./mvnw -q -pl policy test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.faasioflex.policy.PolicyEngineBenchmark}. Bounded: a few seconds per engine.
 */
public final class PolicyEngineBenchmark {

    private static final List<AccessRequest> REQUESTS = List.of(
            request("developer", "function.register"),
            request("invoker", "function.invoke"),
            request("auditor", "function.delete"),
            request("admin", "audit.read"),
            request("superuser", "function.read"));

    private PolicyEngineBenchmark() {}

    /** Prints one line per engine and mode. */
    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("cores=%d java=%s%n", threads, Runtime.version());

        try (var wasm = WasmPolicyEngine.bundled()) {
            run("wasm", wasm, 20_000, 50_000, threads);
        }
        try (var opa = OpaServerProcess.start();
                var remote = new RemotePolicyEngine(opa.url(), Duration.ofSeconds(2))) {
            run("remote", remote, 2_000, 10_000, threads);
        }
    }

    private static void run(String name, PolicyEngine engine, int warmup, int decisions, int threads) throws Exception {
        measure(engine, warmup);
        measureConcurrently(engine, warmup, threads);
        report(name, "1 thread", measure(engine, decisions));
        report(name, threads + " threads", measureConcurrently(engine, decisions, threads));
    }

    private static Result measure(PolicyEngine engine, int decisions) {
        var latencies = new long[decisions];
        long started = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            long before = System.nanoTime();
            engine.authorize(REQUESTS.get(i % REQUESTS.size()));
            latencies[i] = System.nanoTime() - before;
        }
        return new Result(latencies, System.nanoTime() - started);
    }

    private static Result measureConcurrently(PolicyEngine engine, int decisions, int threads) throws Exception {
        var tasks = new ArrayList<Callable<long[]>>();
        for (int t = 0; t < threads; t++) {
            tasks.add(() -> measure(engine, decisions / threads).latencies());
        }
        long started = System.nanoTime();
        var all = new ArrayList<long[]>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (Future<long[]> part : pool.invokeAll(tasks)) {
                all.add(part.get());
            }
        }
        long elapsed = System.nanoTime() - started;
        return new Result(all.stream().flatMapToLong(Arrays::stream).toArray(), elapsed);
    }

    private static void report(String engine, String mode, Result result) {
        var sorted = result.latencies().clone();
        Arrays.sort(sorted);
        System.out.printf(
                "engine=%-6s mode=%-9s decisions=%6d decisions/s=%8.0f p50=%7.1fus p99=%7.1fus max=%8.1fus%n",
                engine,
                mode,
                sorted.length,
                sorted.length / (result.elapsedNanos() / 1e9),
                percentile(sorted, 0.50) / 1e3,
                percentile(sorted, 0.99) / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static AccessRequest request(String role, String action) {
        return new AccessRequest("bench", List.of(role), action, Resource.function("default", "echo"));
    }

    private record Result(long[] latencies, long elapsedNanos) {}
}
