package io.faasioflex.policy.dlp;

import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.RemotePolicyEngine;
import io.faasioflex.policy.WasmPolicyEngine;
import io.faasioflex.policy.testing.OpaServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures scan throughput and the latency DLP adds to an invocation (scan plus policy decision) for a 1 KB and a
 * 1 MB body, with the in-process and the remote engine; not a test.
 *
 * <p>Run: {@code ./mvnw -q -pl policy test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.faasioflex.policy.dlp.DlpBenchmark}. Bounded: well under a minute.
 */
public final class DlpBenchmark {

    private static final List<String> WORDS = List.of(
            "order",
            "invoice",
            "shipped",
            "customer",
            "pending",
            "total",
            "warehouse",
            "Madrid",
            "priority",
            "note",
            "refund",
            "quantity",
            "delivered",
            "status",
            "reference",
            "account",
            "échéance",
            "año",
            "größe",
            "ok");
    private static final List<String> SENSITIVE = List.of(
            "4929 1827 3645 5011", "ES9121000418450200051332", "alice@example.com", "+34 612 345 678", "12345678Z");

    private DlpBenchmark() {}

    /** Prints one line per body and engine. */
    public static void main(String[] args) {
        System.out.printf("cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        var scanner = new DlpScanner(DlpRules.bundled());
        var bodies = List.of(
                new Body("1KB clean", json(1024, false)),
                new Body("1KB findings", json(1024, true)),
                new Body("1MB clean", json(1024 * 1024, false)),
                new Body("1MB findings", json(1024 * 1024, true)),
                new Body("1MB numeric", numbers(1024 * 1024)));

        for (var body : bodies) {
            scanOnly(scanner, body);
        }
        try (var wasm = WasmPolicyEngine.bundled()) {
            bodies.forEach(body -> inspect("wasm", new DlpGuard(wasm, scanner.rules()), body));
        }
        try (var opa = OpaServerProcess.start();
                PolicyEngine remote = new RemotePolicyEngine(opa.url(), Duration.ofSeconds(2))) {
            bodies.forEach(body -> inspect("remote", new DlpGuard(remote, scanner.rules()), body));
        }
    }

    private static void scanOnly(DlpScanner scanner, Body body) {
        int rounds = rounds(body);
        for (int i = 0; i < rounds; i++) {
            scanner.scan(body.bytes());
        }
        var latencies = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            scanner.scan(body.bytes());
            latencies[i] = System.nanoTime() - started;
        }
        double seconds = Arrays.stream(latencies).sum() / 1e9;
        double megabytes = (double) body.bytes().length * rounds / (1024 * 1024);
        System.out.printf(
                "scan   body=%-12s findings=%-42s MB/s=%7.1f p50=%9.1fus p99=%9.1fus%n",
                body.name(),
                scanner.scan(body.bytes()).counts(),
                megabytes / seconds,
                percentile(latencies, 0.50) / 1e3,
                percentile(latencies, 0.99) / 1e3);
    }

    private static void inspect(String engine, DlpGuard guard, Body body) {
        var context = new DlpContext(Direction.RESPONSE, "internal", "bench", List.of("invoker"), "default", "echo");
        int rounds = rounds(body);
        for (int i = 0; i < rounds; i++) {
            guard.inspect(context, body.bytes());
        }
        var latencies = new long[rounds];
        DlpResult last = null;
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            last = guard.inspect(context, body.bytes());
            latencies[i] = System.nanoTime() - started;
        }
        System.out.printf(
                "guard  engine=%-6s body=%-12s action=%-6s added p50=%9.1fus p99=%9.1fus%n",
                engine,
                body.name(),
                last.action(),
                percentile(latencies, 0.50) / 1e3,
                percentile(latencies, 0.99) / 1e3);
    }

    private static int rounds(Body body) {
        return body.bytes().length > 64 * 1024 ? 40 : 5_000;
    }

    /** JSON records of ordinary text and numbers, with one sensitive value about every 2 KB when asked. */
    private static byte[] json(int size, boolean sensitive) {
        var random = new Random(42);
        var out = new StringBuilder(size + 256).append('[');
        int next = 0;
        while (out.length() < size - 120) {
            out.append("{\"id\":").append(100000 + random.nextInt(900000));
            out.append(",\"amount\":").append(random.nextInt(100000) / 100.0);
            out.append(",\"at\":\"2024-05-").append(10 + random.nextInt(18)).append("T10:00:00Z\",\"note\":\"");
            for (int w = 0; w < 8; w++) {
                out.append(WORDS.get(random.nextInt(WORDS.size()))).append(' ');
            }
            if (sensitive && out.length() / 2048 >= next) {
                out.append(SENSITIVE.get(next % SENSITIVE.size()));
                next++;
            }
            out.append("\"},");
        }
        out.setLength(out.length() - 1);
        var bytes = out.append(']').toString().getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, Math.min(bytes.length, size));
    }

    /** A worst case for the digit triggers: long numbers everywhere, so every numeric pattern runs everywhere. */
    private static byte[] numbers(int size) {
        var random = new Random(7);
        var out = new StringBuilder(size + 32);
        while (out.length() < size) {
            out.append(random.nextLong(1_000_000_000L, Long.MAX_VALUE)).append(", ");
        }
        return Arrays.copyOf(out.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    private static long percentile(long[] values, double quantile) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private record Body(String name, byte[] bytes) {}
}
