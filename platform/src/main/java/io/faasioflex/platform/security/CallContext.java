package io.faasioflex.platform.security;

import io.faasioflex.audit.Actor;
import io.faasioflex.platform.api.RequestIds;
import io.micronaut.http.HttpRequest;

/**
 * Who is calling and which request it is, for work done on the caller's behalf below the API layer.
 *
 * @param actor the caller as audit events name it
 * @param requestId the request's identifier
 */
public record CallContext(Actor actor, String requestId) {

    public static CallContext of(HttpRequest<?> request) {
        return new CallContext(Actors.of(request), RequestIds.of(request));
    }
}
