package io.faasioflex.platform.limits;

/**
 * A token bucket: holds up to {@code burst} tokens, regains them at a steady rate, and admits a cost only when it
 * holds that many tokens. A cost larger than the bucket is capped at its capacity, so every cost is admitted
 * eventually.
 *
 * <p>Not thread-safe: the {@link Allowance} that owns it serialises every use.
 */
final class TokenBucket {

    // Tolerates rounding of the refill arithmetic, so that a bucket exactly refilled admits its cost.
    private static final double EPSILON = 1e-9;

    private final Rate rate;
    private double tokens;
    private long updatedAt;

    TokenBucket(Rate rate, long now) {
        this.rate = rate;
        this.tokens = rate.burst();
        this.updatedAt = now;
    }

    /** Nanoseconds until {@code cost} tokens are available; 0 when they are now. */
    long waitFor(long cost, long now) {
        refill(now);
        double missing = capped(cost) - tokens;
        return missing <= EPSILON ? 0 : Math.max(1, rate.nanosFor(missing));
    }

    /** Removes {@code cost} tokens; the balance may go below zero when a caller takes without waiting. */
    void take(long cost, long now) {
        refill(now);
        tokens -= capped(cost);
    }

    /** Whether the bucket is full: forgetting it then changes nothing. */
    boolean isFull(long now) {
        refill(now);
        return tokens >= rate.burst() - EPSILON;
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(rate.burst(), tokens + rate.tokensIn(elapsed));
            updatedAt = now;
        }
    }

    private long capped(long cost) {
        return Math.min(Math.max(cost, 0), rate.burst());
    }
}
