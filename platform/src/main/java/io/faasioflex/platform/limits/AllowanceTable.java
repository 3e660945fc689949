package io.faasioflex.platform.limits;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allowances of the principals seen recently, never more than about {@code capacity} of them. When the table
 * is full, principals whose buckets are all full are forgotten first: that loses nothing, since a new allowance
 * starts full. Only if that is not enough are the least recently active forgotten, which hands each of them a
 * fresh burst; that is logged, as the limits are then weaker than configured.
 */
final class AllowanceTable {

    private static final Logger LOG = LoggerFactory.getLogger(AllowanceTable.class);

    private final Map<String, Allowance> byPrincipal = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();
    private final Function<Limit, Rate> rates;
    private final int capacity;

    AllowanceTable(Function<Limit, Rate> rates, int capacity) {
        this.rates = rates;
        this.capacity = capacity;
    }

    /** The principal's allowance, created full on first use. */
    Allowance of(String principal, long now) {
        Allowance known = byPrincipal.get(principal);
        if (known != null) {
            return known;
        }
        if (byPrincipal.size() >= capacity) {
            sweep(now);
        }
        return byPrincipal.computeIfAbsent(principal, key -> new Allowance(rates, now));
    }

    /** The principal's allowance if it is tracked; an untracked principal's buckets are all full. */
    Optional<Allowance> find(String principal) {
        return Optional.ofNullable(byPrincipal.get(principal));
    }

    int size() {
        return byPrincipal.size();
    }

    // One thread sweeps at a time; the others go on inserting, so the table can pass its capacity by at most the
    // number of request threads until the sweep ends.
    private void sweep(long now) {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            byPrincipal.values().removeIf(allowance -> allowance.isIdle(now));
            int excess = byPrincipal.size() - capacity * 9 / 10;
            if (excess > 0) {
                evictLeastRecentlyUsed(excess);
            }
        } finally {
            sweeping.unlock();
        }
    }

    private void evictLeastRecentlyUsed(int count) {
        LOG.warn("rate limit table full, forgetting active principals count={} capacity={}", count, capacity);
        byPrincipal.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue().lastUsed()))
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .limit(count)
                .toList()
                .forEach(entry -> byPrincipal.remove(entry.getKey()));
    }
}
