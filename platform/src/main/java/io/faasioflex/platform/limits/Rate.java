package io.faasioflex.platform.limits;

/**
 * How fast a token bucket refills and how much it holds.
 *
 * @param perSecond tokens added per second
 * @param burst the bucket's capacity in tokens
 */
record Rate(double perSecond, long burst) {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    /** Tokens the bucket regains in {@code nanos}. */
    double tokensIn(long nanos) {
        return nanos * perSecond / NANOS_PER_SECOND;
    }

    /** Time the bucket needs to regain {@code tokens}, rounded up. */
    long nanosFor(double tokens) {
        return (long) Math.ceil(tokens * NANOS_PER_SECOND / perSecond);
    }
}
