package io.faasioflex.platform.durability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting for the durability tests: every wait has a deadline and says what it waited for. */
final class Waits {

    private Waits() {}

    /** Polls {@code condition} every 100 ms until it holds; fails naming {@code what} once {@code limit} passed. */
    static void until(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            pause(Duration.ofMillis(100));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
