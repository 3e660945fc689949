package io.faasioflex.platform.limits;

import java.time.Duration;

/** Whether a principal's call fits its limits, and if not, which limit it broke and for how long. */
public sealed interface Admission permits Admission.Admitted, Admission.Refused {

    /** The call fits every limit; its cost has been taken. */
    Admitted ADMITTED = new Admitted();

    /** The call fits every limit. */
    record Admitted() implements Admission {}

    /**
     * The call exceeds a limit; nothing has been taken.
     *
     * @param limit the limit that needs the longest wait
     * @param retryAfter how long until every charged limit admits the call again
     */
    record Refused(Limit limit, Duration retryAfter) implements Admission {

        /** The wait in whole seconds, rounded up and at least 1, as {@code Retry-After} carries it. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.toSeconds();
            return Math.max(1, retryAfter.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1);
        }
    }
}
