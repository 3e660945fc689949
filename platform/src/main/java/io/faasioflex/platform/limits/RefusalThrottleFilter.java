package io.faasioflex.platform.limits;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits callers without a valid token, by client address: each refused authentication (401) is charged to the
 * address, and an address that has used up its refusals is answered 429 before its token is checked. Guessing
 * tokens or flooding with forged ones therefore slows down, and the audit stream is not flooded by it.
 *
 * <p>TODO: behind a gateway every caller shares the gateway's address; the real client's address needs the
 * forwarded headers of trusted proxies, which {@code Actors} does not read yet.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "faas.limits.enabled", notEquals = StringUtils.FALSE)
final class RefusalThrottleFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalThrottleFilter.class);

    private final RateLimiter limiter;

    RefusalThrottleFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @RequestFilter
    void throttle(HttpRequest<?> request) {
        if (LimitedCall.exempt(request)) {
            return;
        }
        String address = LimitedCall.addressKey(request);
        if (limiter.peek(address, Limit.REFUSALS) instanceof Admission.Refused refused) {
            LOG.debug("address over refusal limit principal={} retryAfter={}", address, refused.retryAfter());
            throw RateLimitExceeded.of(refused);
        }
    }

    @ResponseFilter
    void countRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() == HttpStatus.UNAUTHORIZED.getCode()) {
            limiter.charge(LimitedCall.addressKey(request), Limit.REFUSALS);
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
