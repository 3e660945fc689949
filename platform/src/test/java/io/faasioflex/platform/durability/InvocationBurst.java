package io.faasioflex.platform.durability;

import io.faasioflex.platform.api.RequestIds;
import io.faasioflex.platform.testing.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded burst of invocations from several client threads, with a disruption (a killed platform, a restarted
 * NATS) injected while calls are in flight. Every call carries its own request id, so the ledger can be checked for
 * each call the platform acknowledged, and for each it did not.
 *
 * @param platform where the calls go
 * @param function the echo function's name
 * @param token a caller allowed to invoke it
 * @param requestPrefix prefix of every request id of this burst
 * @param shape how many threads, calls and how long at most
 */
record InvocationBurst(PlatformProcess platform, String function, String token, String requestPrefix, Shape shape) {

    private static final Duration REFUSAL_BACKOFF = Duration.ofMillis(100);

    /**
     * The burst's bounds.
     *
     * @param threads client threads, each calling back to back
     * @param callsPerThread at most this many calls per thread
     * @param limit the burst stops after this long whatever happened
     * @param disruptAfterAcknowledged the disruption runs once this many calls were acknowledged (or half the limit
     *     passed, whichever comes first)
     */
    record Shape(int threads, int callsPerThread, Duration limit, int disruptAfterAcknowledged) {}

    /**
     * What the clients saw.
     *
     * @param acknowledged request ids answered 2xx, in the order the answers came
     * @param refused request ids answered with another status, and that status
     * @param unanswered request ids whose call failed without an answer (connection refused or reset)
     * @param wrongBodies request ids answered 2xx with a body other than the one sent
     * @param acknowledgedAfterDisruption how many acknowledgements came after the disruption had ended
     */
    record Result(
            List<String> acknowledged,
            Map<String, Integer> refused,
            List<String> unanswered,
            List<String> wrongBodies,
            int acknowledgedAfterDisruption) {}

    /** Runs the burst; {@code disruption} runs on the calling thread while the clients keep calling. */
    Result run(Runnable disruption) throws InterruptedException {
        var state = new State();
        long deadline = System.nanoTime() + shape.limit().toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(shape.threads());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < shape.threads(); thread++) {
                int number = thread;
                running.add(clients.submit(() -> callRepeatedly(number, deadline, state)));
            }
            awaitTrigger(state, deadline);
            disruption.run();
            state.disrupted.set(true);
            for (Future<?> client : running) {
                awaitQuietly(client);
            }
        } finally {
            clients.shutdownNow();
        }
        return state.result();
    }

    private void callRepeatedly(int thread, long deadline, State state) {
        for (int call = 0; call < shape.callsPerThread() && System.nanoTime() < deadline; call++) {
            String offered = requestPrefix + "-t" + thread + "-" + call;
            // The platform keeps the identifier a caller offers, marked as the caller's.
            String requestId = RequestIds.CALLER_PREFIX + offered;
            byte[] body = ("payload of " + requestId).getBytes(StandardCharsets.UTF_8);
            boolean disruptedBefore = state.disrupted.get();
            try {
                ApiResponse response = platform.send(
                        "POST",
                        "/functions/" + function + "/invoke",
                        token,
                        body,
                        Map.of("Content-Type", "text/plain", RequestIds.HEADER, offered));
                state.record(requestId, response, body, disruptedBefore);
                if (response.status() / 100 != 2) {
                    // a client backs off after a refusal (the platform sends Retry-After), instead of spinning
                    Waits.pause(REFUSAL_BACKOFF);
                }
            } catch (IOException e) {
                state.unanswered.add(requestId);
                if (!platform.isAlive()) {
                    return; // the platform is gone; further calls would only be refused
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitTrigger(State state, long deadline) {
        long halfway = System.nanoTime() + shape.limit().toNanos() / 2;
        while (state.acknowledgedCount.get() < shape.disruptAfterAcknowledged()
                && System.nanoTime() < Math.min(halfway, deadline)) {
            Waits.pause(Duration.ofMillis(5));
        }
    }

    private static void awaitQuietly(Future<?> client) throws InterruptedException {
        try {
            client.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a client thread failed", e.getCause());
        }
    }

    /** Shared by the client threads. */
    private static final class State {
        private final AtomicBoolean disrupted = new AtomicBoolean();
        private final AtomicInteger acknowledgedCount = new AtomicInteger();
        private final AtomicInteger acknowledgedAfter = new AtomicInteger();
        private final List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Integer> refused = new ConcurrentHashMap<>();
        private final List<String> unanswered = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<String> wrongBodies = java.util.Collections.synchronizedList(new ArrayList<>());

        void record(String requestId, ApiResponse response, byte[] sent, boolean disruptedBefore) {
            if (response.status() / 100 != 2) {
                refused.put(requestId, response.status());
                return;
            }
            if (!Arrays.equals(response.body(), sent) || !requestId.equals(response.requestId())) {
                wrongBodies.add(requestId);
            }
            acknowledged.add(requestId);
            acknowledgedCount.incrementAndGet();
            if (disruptedBefore) {
                acknowledgedAfter.incrementAndGet();
            }
        }

        Result result() {
            synchronized (acknowledged) {
                return new Result(
                        List.copyOf(acknowledged),
                        Map.copyOf(refused),
                        List.copyOf(unanswered),
                        List.copyOf(wrongBodies),
                        acknowledgedAfter.get());
            }
        }
    }
}
