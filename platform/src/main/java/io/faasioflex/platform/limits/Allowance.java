package io.faasioflex.platform.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One principal's token buckets, one per limit, created on first use. Every method holds the allowance's lock, so a
 * call charged against several limits is admitted by all of them or by none.
 */
final class Allowance {

    private final Map<Limit, TokenBucket> buckets = new EnumMap<>(Limit.class);
    private final Function<Limit, Rate> rates;
    private long lastUsed;

    Allowance(Function<Limit, Rate> rates, long now) {
        this.rates = rates;
        this.lastUsed = now;
    }

    /** Takes every charge if all of them fit; otherwise takes nothing and says how long to wait. */
    synchronized Admission admit(List<Charge> charges, long now) {
        lastUsed = Math.max(lastUsed, now);
        Limit slowest = null;
        long longestWait = 0;
        for (Charge charge : charges) {
            long wait = bucket(charge.limit(), now).waitFor(charge.cost(), now);
            if (wait > longestWait) {
                longestWait = wait;
                slowest = charge.limit();
            }
        }
        if (slowest != null) {
            return new Admission.Refused(slowest, Duration.ofNanos(longestWait));
        }

        charges.forEach(charge -> bucket(charge.limit(), now).take(charge.cost(), now));
        return Admission.ADMITTED;
    }

    /** Whether one more unit of {@code limit} would fit, taking nothing. */
    synchronized Admission peek(Limit limit, long now) {
        long wait = bucket(limit, now).waitFor(1, now);
        return wait == 0 ? Admission.ADMITTED : new Admission.Refused(limit, Duration.ofNanos(wait));
    }

    /** Takes {@code cost} from {@code limit} whether or not it fits: for costs known only after the fact. */
    synchronized void take(Limit limit, long cost, long now) {
        lastUsed = Math.max(lastUsed, now);
        bucket(limit, now).take(cost, now);
    }

    /** Whether every bucket is full, so that forgetting this principal changes no decision. */
    synchronized boolean isIdle(long now) {
        return buckets.values().stream().allMatch(bucket -> bucket.isFull(now));
    }

    synchronized long lastUsed() {
        return lastUsed;
    }

    private TokenBucket bucket(Limit limit, long now) {
        return buckets.computeIfAbsent(limit, key -> new TokenBucket(rates.apply(key), now));
    }
}
