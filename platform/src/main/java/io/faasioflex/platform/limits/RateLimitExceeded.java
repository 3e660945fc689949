package io.faasioflex.platform.limits;

import io.faasioflex.platform.api.ApiException;
import io.micronaut.http.HttpStatus;
import java.time.Duration;

/** The refusal a caller over its limit receives: 429 with {@code Retry-After} and the code {@code rate_limited}. */
final class RateLimitExceeded {

    static final String CODE = "rate_limited";

    private RateLimitExceeded() {}

    static ApiException of(Admission.Refused refused) {
        long seconds = refused.retryAfterSeconds();
        String message =
                "too many " + refused.limit().description() + " from this caller; retry after " + seconds + " s";
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, CODE, message, Duration.ofSeconds(seconds), null);
    }
}
