package io.faasioflex.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Who performed an audited action.
 *
 * <p>Holds identifiers only: never a token, a password or any other credential. Absent values are empty
 * strings, never {@code null}.
 *
 * @param subject the authenticated principal (the token's {@code sub}), empty when anonymous
 * @param roles the roles the principal held when the action was decided
 * @param clientAddress the remote address the request came from, empty for internal actions
 * @param authMethod how the principal was authenticated, for example {@code jwt}, {@code internal} or {@code none}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Actor(String subject, List<String> roles, String clientAddress, String authMethod) {

    /** Normalises absent values to empty ones and freezes the role list. */
    public Actor {
        subject = Texts.orEmpty(subject);
        roles = roles == null ? List.of() : List.copyOf(roles);
        clientAddress = Texts.orEmpty(clientAddress);
        authMethod = Texts.orEmpty(authMethod);
    }

    /** An unauthenticated caller seen at {@code clientAddress}. */
    public static Actor anonymous(String clientAddress) {
        return new Actor("", List.of(), clientAddress, "none");
    }

    /** The platform itself acting on its own behalf, for example the scaler stopping an idle instance. */
    public static Actor system(String component) {
        return new Actor("system:" + Texts.orEmpty(component), List.of(), "", "internal");
    }
}
