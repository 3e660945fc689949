package io.faasioflex.platform.limits;

import io.faasioflex.platform.config.PlatformSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every authorised call to its principal's limits before any work starts. Runs after authentication, so the
 * principal is the token's subject, and inside the audit filter, so a refusal is audited like any other call.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "faas.limits.enabled", notEquals = StringUtils.FALSE)
final class RateLimitFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RateLimiter limiter;
    private final long maxBodyBytes;

    RateLimitFilter(RateLimiter limiter, PlatformSettings settings) {
        this.limiter = limiter;
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @RequestFilter
    void limit(HttpRequest<?> request) {
        if (LimitedCall.exempt(request)) {
            return;
        }
        LimitedCall call = LimitedCall.of(request, maxBodyBytes);
        if (limiter.admit(call.principal(), call.charges()) instanceof Admission.Refused refused) {
            LOG.debug(
                    "call over limit principal={} limit={} retryAfter={}",
                    call.principal(),
                    refused.limit(),
                    refused.retryAfter());
            throw RateLimitExceeded.of(refused);
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
