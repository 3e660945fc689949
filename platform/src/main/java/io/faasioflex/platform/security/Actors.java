package io.faasioflex.platform.security;

import io.faasioflex.audit.Actor;
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
                .map(auth -> new Actor(auth.getName(), List.copyOf(auth.getRoles()), address, "jwt"))
                .orElseGet(() -> Actor.anonymous(address));
    }

    private static String clientAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
    }
}
