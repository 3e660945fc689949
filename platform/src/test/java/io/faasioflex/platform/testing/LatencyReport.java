package io.faasioflex.platform.testing;

import java.util.Arrays;
import java.util.function.LongSupplier;

/** Runs a timed call a fixed number of times and prints its latency percentiles: the benchmarks' one report. */
public final class LatencyReport {

    private LatencyReport() {}

    /** Calls {@code call} {@code times} times without measuring, so the JIT and caches settle first. */
    public static void warmup(LongSupplier call, int times) {
        for (int i = 0; i < times; i++) {
            call.getAsLong();
        }
    }

    /**
     * Runs {@code call} (which returns its own duration in nanoseconds) {@code times} times and prints one line.
     *
     * @return p50 and p99 in milliseconds
     */
    public static double[] report(String label, int times, LongSupplier call) {
        long[] nanos = new long[times];
        long started = System.nanoTime();
        for (int i = 0; i < times; i++) {
            nanos[i] = call.getAsLong();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        double p50 = millis(nanos, 0.50);
        double p99 = millis(nanos, 0.99);
        System.out.printf(
                "%-62s n=%5d p50=%8.3f ms p99=%8.3f ms max=%8.3f ms %7.0f/s%n",
                label, times, p50, p99, nanos[times - 1] / 1e6, times / seconds);
        return new double[] {p50, p99};
    }

    /** How long {@code call} took, in nanoseconds. */
    public static long timed(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return System.nanoTime() - started;
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
