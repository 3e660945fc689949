package io.faasioflex.platform.api;

import io.micronaut.http.HttpRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request one identifier. The platform's own are UUIDs. A caller may offer its own in
 * {@code X-Request-Id} to correlate a call it may never get an answer to; a safe offer is kept with the prefix
 * {@value #CALLER_PREFIX}, so no caller can take an identifier the platform gave another request and mix its events
 * into that request's audit trail.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** Marks an identifier the caller chose. */
    public static final String CALLER_PREFIX = "caller-";

    private static final String ATTRIBUTE = "faas.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private RequestIds() {}

    /** The request's identifier, assigned on first use. */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> assign(request));
    }

    private static String assign(HttpRequest<?> request) {
        String offered = request.getHeaders().get(HEADER);
        String id = offered != null && SAFE.matcher(offered).matches()
                ? CALLER_PREFIX + offered
                : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
