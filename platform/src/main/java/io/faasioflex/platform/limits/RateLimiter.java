package io.faasioflex.platform.limits;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Holds every principal to the limits of {@link LimitSettings}, with one token bucket per principal and limit.
 * Thread-safe; a decision takes a few hundred nanoseconds and never blocks on I/O.
 *
 * <p>TODO: state is per process, so with N API processes a principal may reach N times its limits; exact global
 * limits need the buckets in shared state (a NATS KV bucket with compare-and-set, or per-process shares of the
 * rate).
 */
@Singleton
public final class RateLimiter {

    private final AllowanceTable allowances;
    private final LongSupplier clock;

    @Inject
    public RateLimiter(LimitSettings settings) {
        this(settings, System::nanoTime);
    }

    RateLimiter(LimitSettings settings, LongSupplier clock) {
        this.allowances = new AllowanceTable(settings::rateOf, settings.maxPrincipals());
        this.clock = clock;
    }

    /** Takes every charge from the principal's buckets if all of them fit, otherwise none. */
    public Admission admit(String principal, List<Charge> charges) {
        long now = clock.getAsLong();
        return allowances.of(principal, now).admit(charges, now);
    }

    /** Whether one more unit of {@code limit} would fit the principal's bucket; takes nothing. */
    public Admission peek(String principal, Limit limit) {
        long now = clock.getAsLong();
        return allowances
                .find(principal)
                .map(allowance -> allowance.peek(limit, now))
                .orElse(Admission.ADMITTED);
    }

    /** Takes one unit of {@code limit} even if the bucket is empty: for costs that are known only afterwards. */
    public void charge(String principal, Limit limit) {
        long now = clock.getAsLong();
        allowances.of(principal, now).take(limit, 1, now);
    }

    /** How many principals are tracked now. */
    int trackedPrincipals() {
        return allowances.size();
    }
}
