package io.faasioflex.platform.limits;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Prints what one rate-limit decision costs: one principal from one thread, many principals, and one principal
 * shared by several threads (the contended case). Run with {@code java -cp ... RateLimiterBenchmark [calls]}.
 */
public final class RateLimiterBenchmark {

    private static final List<Charge> INVOCATION =
            List.of(Charge.one(Limit.REQUESTS), Charge.one(Limit.INVOCATIONS), new Charge(Limit.BODY_BYTES, 1_024));

    private RateLimiterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        RateLimiter limiter = new RateLimiter(generous());
        for (int round = 0; round < 3; round++) {
            report("one principal, one thread", calls, time(limiter, calls, i -> "subject:alice"));
            report("10,000 principals, one thread", calls, time(limiter, calls, i -> "subject:p-" + (i % 10_000)));
            report("one principal, 4 threads", calls, contended(limiter, calls, 4));
        }
    }

    private static LimitSettings generous() {
        return new LimitSettings(true, 1e12, 1L << 40, 1e12, 1L << 40, 1e15, 1L << 50, 1, 1, 100_000);
    }

    private static long time(RateLimiter limiter, int calls, java.util.function.IntFunction<String> principal) {
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (limiter.admit(principal.apply(i), INVOCATION) != Admission.ADMITTED) {
                throw new IllegalStateException("refused during benchmark");
            }
        }
        return System.nanoTime() - started;
    }

    private static long contended(RateLimiter limiter, int calls, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<Long>> runs = java.util.stream.IntStream.range(0, threads)
                .mapToObj(t -> pool.submit(() -> time(limiter, calls / threads, i -> "subject:alice")))
                .toList();
        for (Future<Long> run : runs) {
            run.get();
        }
        long elapsed = System.nanoTime() - started;
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.SECONDS);
        return elapsed;
    }

    private static void report(String label, int calls, long nanos) {
        System.out.printf(
                "%-32s %8.1f ns per decision %12.0f decisions/s%n",
                label, (double) nanos / calls, calls / (nanos / 1e9));
    }
}
