package io.faasioflex.platform.limits;

import io.faasioflex.audit.Actor;
import io.faasioflex.platform.security.Actors;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request as the rate limiter sees it: who makes it and what it costs.
 *
 * @param principal {@code subject:<name>} for an authenticated caller, {@code address:<ip>} otherwise
 * @param charges the limits the call counts against, with its cost for each
 */
record LimitedCall(String principal, List<Charge> charges) {

    static final String HEALTH_PATH = "/health";

    // Decided by the route the router picked, not by the raw path, so no spelling of a path escapes the limit.
    private static final Set<String> INVOCATION_ROUTES = Set.of("/functions/{name}/invoke", "/functions/execute");

    /**
     * Describes {@code request}; a body of unknown length (chunked) is charged as {@code maxBodyBytes}, the most it
     * may carry, since its size is known only once it has been read.
     */
    static LimitedCall of(HttpRequest<?> request, long maxBodyBytes) {
        List<Charge> charges = new ArrayList<>(3);
        charges.add(Charge.one(Limit.REQUESTS));
        if (isInvocation(request)) {
            charges.add(Charge.one(Limit.INVOCATIONS));
        }
        long bodyBytes = bodyBytes(request, maxBodyBytes);
        if (bodyBytes > 0) {
            charges.add(new Charge(Limit.BODY_BYTES, bodyBytes));
        }
        return new LimitedCall(principalOf(request), List.copyOf(charges));
    }

    /** Health probes are never limited: orchestrators must always reach them. */
    static boolean exempt(HttpRequest<?> request) {
        return request.getPath().equals(HEALTH_PATH);
    }

    /** The key of an unauthenticated caller at the request's client address. */
    static String addressKey(HttpRequest<?> request) {
        return "address:" + Actors.of(request).clientAddress();
    }

    private static String principalOf(HttpRequest<?> request) {
        Actor actor = Actors.of(request);
        return actor.subject().isEmpty() ? "address:" + actor.clientAddress() : "subject:" + actor.subject();
    }

    private static boolean isInvocation(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.POST
                && RouteAttributes.getRouteInfo(request)
                        .filter(UriRouteInfo.class::isInstance)
                        .map(route -> ((UriRouteInfo<?, ?>) route)
                                .getUriMatchTemplate()
                                .toString())
                        .filter(INVOCATION_ROUTES::contains)
                        .isPresent();
    }

    // TODO: an HTTP/2 body may arrive with neither Content-Length nor Transfer-Encoding; it is charged nothing here
    // (the server's max-request-size still bounds it) until body bytes are counted as they are read.
    private static long bodyBytes(HttpRequest<?> request, long maxBodyBytes) {
        long declared = request.getContentLength();
        if (declared >= 0) {
            return declared;
        }
        return request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING) ? maxBodyBytes : 0;
    }
}
