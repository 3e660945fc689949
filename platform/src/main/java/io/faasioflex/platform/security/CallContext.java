package io.faasioflex.platform.security;

import io.faasioflex.audit.Actor;
import io.faasioflex.platform.api.RequestIds;
import io.faasioflex.policy.AccessRequest.ScopedRole;
import io.micronaut.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * Who is calling and which request it is, for work done on the caller's behalf below the API layer.
 *
 * @param actor the caller as audit events name it
 * @param requestId the request's identifier
 * @param scopedRoles roles the caller holds in one namespace only (an API key's), for policy input
 */
public record CallContext(Actor actor, String requestId, List<ScopedRole> scopedRoles) {

    public static CallContext of(HttpRequest<?> request) {
        return new CallContext(Actors.of(request), RequestIds.of(request), Actors.scopedRoles(request));
    }

    /** The scoped roles as the policies' {@code scoped_roles} input. */
    public List<Map<String, String>> scopedRolesInput() {
        return scopedRoles.stream()
                .map(scoped -> Map.of("namespace", scoped.namespace(), "role", scoped.role()))
                .toList();
    }
}
