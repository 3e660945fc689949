package io.faasioflex.platform.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Per-principal rate limits, under {@code faas.limits.*}. A principal is the authenticated subject, or the client
 * address for a call without a valid token. Each limit is a token bucket: {@code burst} calls (or bytes) at once,
 * refilled at the per-second rate. Rates may be fractional ({@code 0.5} is one call every two seconds).
 *
 * @param enabled whether limits are enforced at all
 * @param requestsPerSecond sustained rate of API calls of any kind
 * @param requestBurst API calls a principal may make at once
 * @param invocationsPerSecond sustained rate of invocations ({@code POST /functions/{name}/invoke}, {@code
 *     POST /functions/execute}), counted on top of the request limit
 * @param invocationBurst invocations a principal may make at once
 * @param bodyBytesPerSecond sustained rate of request body bytes, by {@code Content-Length}
 * @param bodyBurstBytes body bytes a principal may send at once; a single body larger than this is admitted only
 *     once the bucket is full
 * @param refusalsPerSecond sustained rate of refused authentications (401) per client address
 * @param refusalBurst refused authentications an address may cause at once; past it, that address is answered 429
 *     before its token is even checked
 * @param maxPrincipals principals tracked at once; idle principals are forgotten first
 */
@ConfigurationProperties("faas.limits")
public record LimitSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "100") double requestsPerSecond,
        @Bindable(defaultValue = "200") long requestBurst,
        @Bindable(defaultValue = "50") double invocationsPerSecond,
        @Bindable(defaultValue = "100") long invocationBurst,
        @Bindable(defaultValue = "16777216") double bodyBytesPerSecond,
        @Bindable(defaultValue = "33554432") long bodyBurstBytes,
        @Bindable(defaultValue = "2") double refusalsPerSecond,
        @Bindable(defaultValue = "20") long refusalBurst,
        @Bindable(defaultValue = "100000") int maxPrincipals) {

    /** Refuses settings that would make a limit meaningless or the principal table unbounded. */
    public LimitSettings {
        positive("requests-per-second", requestsPerSecond, requestBurst);
        positive("invocations-per-second", invocationsPerSecond, invocationBurst);
        positive("body-bytes-per-second", bodyBytesPerSecond, bodyBurstBytes);
        positive("refusals-per-second", refusalsPerSecond, refusalBurst);
        if (maxPrincipals < 1) {
            throw new IllegalArgumentException("faas.limits.max-principals must be at least 1, was " + maxPrincipals);
        }
    }

    /** The rate of one limit. */
    Rate rateOf(Limit limit) {
        return switch (limit) {
            case REQUESTS -> new Rate(requestsPerSecond, requestBurst);
            case INVOCATIONS -> new Rate(invocationsPerSecond, invocationBurst);
            case BODY_BYTES -> new Rate(bodyBytesPerSecond, bodyBurstBytes);
            case REFUSALS -> new Rate(refusalsPerSecond, refusalBurst);
        };
    }

    private static void positive(String key, double perSecond, long burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
            throw new IllegalArgumentException(
                    "faas.limits." + key + " and its burst must be positive, were " + perSecond + " and " + burst);
        }
    }
}
