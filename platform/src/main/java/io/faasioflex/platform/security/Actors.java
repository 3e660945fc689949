package io.faasioflex.platform.security;

import io.faasioflex.audit.Actor;
import io.faasioflex.platform.apikeys.ApiKeyAuthentication;
import io.faasioflex.policy.AccessRequest.ScopedRole;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import java.net.InetSocketAddress;
import java.util.List;

/** Describes the caller of a request for audit events and policy input. */
public final class Actors {

    private Actors() {}

    public static Actor of(HttpRequest<?> request) {
        String address = clientAddress(request);
        return request.getUserPrincipal(Authentication.class)
                .map(auth -> new Actor(auth.getName(), List.copyOf(auth.getRoles()), address, authMethod(auth)))
                .orElseGet(() -> Actor.anonymous(address));
    }

    /** The roles the caller holds in one namespace only (an API key's); empty for a token's caller. */
    public static List<ScopedRole> scopedRoles(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class)
                .filter(ApiKeyAuthentication.class::isInstance)
                .map(auth -> List.of(((ApiKeyAuthentication) auth).scope()))
                .orElse(List.of());
    }

    private static String authMethod(Authentication auth) {
        return auth instanceof ApiKeyAuthentication ? ApiKeyAuthentication.AUTH_METHOD : "jwt";
    }

    private static String clientAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
    }
}
