package io.faasioflex.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final List<Charge> REQUEST = List.of(Charge.one(Limit.REQUESTS));
    private static final List<Charge> INVOCATION = List.of(Charge.one(Limit.REQUESTS), Charge.one(Limit.INVOCATIONS));

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

    @Test
    void admitsTheBurstThenRefusesUntilOneTokenReturns() {
        RateLimiter limiter = limiter(settings(5, 5, 100, 100, 1_000, 1), 100);

        IntStream.range(0, 5)
                .forEach(i -> assertThat(limiter.admit("alice", REQUEST)).isEqualTo(Admission.ADMITTED));
        Admission refused = limiter.admit("alice", REQUEST);

        assertThat(refused).isEqualTo(new Admission.Refused(Limit.REQUESTS, Duration.ofMillis(200)));
        assertThat(((Admission.Refused) refused).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsAtTheConfiguredRateAndNeverBeyondTheBurst() {
        RateLimiter limiter = limiter(settings(5, 5, 100, 100, 1_000, 1), 100);
        drain(limiter, "alice", REQUEST);

        advance(Duration.ofMillis(200));
        Admission afterOneInterval = limiter.admit("alice", REQUEST);
        Admission immediatelyAfter = limiter.admit("alice", REQUEST);
        advance(Duration.ofMinutes(5));

        assertThat(afterOneInterval).isEqualTo(Admission.ADMITTED);
        assertThat(immediatelyAfter).isInstanceOf(Admission.Refused.class);
        assertThat(drain(limiter, "alice", REQUEST)).isEqualTo(5);
    }

    @Test
    void fractionalRatesRefillExactly() {
        RateLimiter limiter = limiter(settings(3, 3, 0.5, 1, 1_000, 1), 100);

        assertThat(drain(limiter, "alice", REQUEST)).isEqualTo(3);
        advance(Duration.ofMillis(333));
        assertThat(limiter.admit("alice", REQUEST)).isInstanceOf(Admission.Refused.class);
        advance(Duration.ofNanos(333_334));
        assertThat(limiter.admit("alice", REQUEST)).isEqualTo(Admission.ADMITTED);
        assertThat(drain(limiter, "bob", INVOCATION)).isEqualTo(1);
        assertThat(limiter.admit("bob", INVOCATION))
                .isEqualTo(new Admission.Refused(Limit.INVOCATIONS, Duration.ofSeconds(2)));
    }

    @Test
    void callOverOneLimitTakesNothingFromTheOthers() {
        RateLimiter limiter = limiter(settings(5, 5, 1, 2, 1_000, 1), 100);

        assertThat(drain(limiter, "alice", INVOCATION)).isEqualTo(2);

        assertThat(drain(limiter, "alice", REQUEST)).isEqualTo(3);
    }

    @Test
    void refusalNamesTheLimitWithTheLongestWait() {
        RateLimiter limiter = limiter(settings(1, 1, 0.1, 1, 1_000, 1), 100);
        limiter.admit("alice", INVOCATION);

        Admission refused = limiter.admit("alice", INVOCATION);

        assertThat(refused).isEqualTo(new Admission.Refused(Limit.INVOCATIONS, Duration.ofSeconds(10)));
    }

    @Test
    void principalsHaveTheirOwnBuckets() {
        RateLimiter limiter = limiter(settings(5, 5, 1, 1, 1_000, 1), 100);
        drain(limiter, "alice", REQUEST);

        assertThat(limiter.admit("bob", REQUEST)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void bodyBytesAreChargedBySizeAndABodyLargerThanTheBurstFitsAFullBucket() {
        RateLimiter limiter = limiter(settings(100, 100, 100, 100, 1_000, 2_000), 100);
        List<Charge> large = List.of(new Charge(Limit.BODY_BYTES, 5_000));
        List<Charge> small = List.of(new Charge(Limit.BODY_BYTES, 500));

        assertThat(limiter.admit("alice", large)).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit("alice", small))
                .isEqualTo(new Admission.Refused(Limit.BODY_BYTES, Duration.ofMillis(500)));
        advance(Duration.ofMillis(500));
        assertThat(limiter.admit("alice", small)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void peekTakesNothingAndChargeTakesEvenFromAnEmptyBucket() {
        RateLimiter limiter = limiter(settings(5, 5, 1, 1, 1_000, 1), 100);

        assertThat(limiter.peek("address:10.0.0.1", Limit.REFUSALS)).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.trackedPrincipals()).isZero();
        IntStream.range(0, 4).forEach(i -> limiter.charge("address:10.0.0.1", Limit.REFUSALS));

        assertThat(limiter.peek("address:10.0.0.1", Limit.REFUSALS))
                .isEqualTo(new Admission.Refused(Limit.REFUSALS, Duration.ofSeconds(2)));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        assertThat(new Admission.Refused(Limit.REQUESTS, Duration.ofNanos(1)).retryAfterSeconds())
                .isEqualTo(1);
        assertThat(new Admission.Refused(Limit.REQUESTS, Duration.ofSeconds(2)).retryAfterSeconds())
                .isEqualTo(2);
        assertThat(new Admission.Refused(Limit.REQUESTS, Duration.ofMillis(2_001)).retryAfterSeconds())
                .isEqualTo(3);
    }

    @Test
    void idlePrincipalsAreForgottenWhenTheTableIsFull() {
        RateLimiter limiter = limiter(settings(5, 5, 1, 1, 1_000, 1), 10);
        IntStream.range(0, 10).forEach(i -> limiter.admit("old-" + i, REQUEST));
        advance(Duration.ofSeconds(1));

        limiter.admit("new", REQUEST);

        assertThat(limiter.trackedPrincipals()).isEqualTo(1);
    }

    @Test
    void tableStaysBoundedWhenEveryPrincipalIsActive() {
        RateLimiter limiter = limiter(settings(5, 5, 1, 1, 1_000, 1), 100);

        IntStream.range(0, 1_000).forEach(i -> limiter.admit("p-" + i, REQUEST));

        assertThat(limiter.trackedPrincipals()).isLessThanOrEqualTo(100);
        assertThat(limiter.admit("p-999", REQUEST)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        RateLimiter limiter = limiter(settings(1, 100, 1, 1, 1_000, 1), 100);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> admitted = new ArrayList<>();

        for (int t = 0; t < 8; t++) {
            admitted.add(threads.submit(() -> drain(limiter, "alice", REQUEST, 1_000)));
        }
        int total = 0;
        for (Future<Integer> count : admitted) {
            total += count.get();
        }
        threads.shutdown();

        assertThat(total).isEqualTo(100);
    }

    @Test
    void settingsRefuseLimitsThatCannotWork() {
        assertThatThrownBy(() -> settings(0, 5, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("faas.limits.requests-per-second");
        assertThatThrownBy(() -> settings(1, 1, 1, 0, 1, 1)).hasMessageContaining("invocations-per-second");
        assertThatThrownBy(() -> settings(1, 1, 1, 1, Double.NaN, 1)).hasMessageContaining("body-bytes");
    }

    private RateLimiter limiter(LimitSettings settings, int maxPrincipals) {
        LimitSettings bounded = new LimitSettings(
                true,
                settings.requestsPerSecond(),
                settings.requestBurst(),
                settings.invocationsPerSecond(),
                settings.invocationBurst(),
                settings.bodyBytesPerSecond(),
                settings.bodyBurstBytes(),
                1,
                3,
                maxPrincipals);
        return new RateLimiter(bounded, clock::get);
    }

    private static LimitSettings settings(
            double requests,
            long requestBurst,
            double invocations,
            long invocationBurst,
            double bytes,
            long byteBurst) {
        return new LimitSettings(true, requests, requestBurst, invocations, invocationBurst, bytes, byteBurst, 1, 3, 1);
    }

    private static int drain(RateLimiter limiter, String principal, List<Charge> charges) {
        return drain(limiter, principal, charges, 10_000);
    }

    // Calls until the first refusal (or at most {@code attempts} times) and counts the admitted calls.
    private static int drain(RateLimiter limiter, String principal, List<Charge> charges, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts && limiter.admit(principal, charges) == Admission.ADMITTED; i++) {
            admitted++;
        }
        return admitted;
    }

    private void advance(Duration elapsed) {
        clock.addAndGet(elapsed.toNanos());
    }
}
