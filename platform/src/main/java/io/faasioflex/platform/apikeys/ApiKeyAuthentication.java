package io.faasioflex.platform.apikeys;

import io.faasioflex.policy.AccessRequest.ScopedRole;
import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A caller authenticated by a platform-issued API key. It holds no global role: its one role holds in the key's
 * namespace only, and reaches policy as a scoped role ({@code input.scoped_roles}). Carries identifiers, never the
 * key's secret. Actions on resources outside any namespace (the audit log, API keys, metrics) therefore stay out of
 * a key's reach whatever its role.
 *
 * <p>TODO: decisions through {@code PolicyGate} (spec fields, image) receive the caller from {@code CallContext},
 * which carries no scoped roles, so there a key holds no role: fields reserved to a role are refused to every key
 * (the safe side), even to a key whose role may set them in its namespace.
 *
 * @param keyId the key's public identifier
 * @param subject the principal the key acts as, {@code apikey:<keyId>}
 * @param namespace the only namespace where the key's role holds
 * @param role the key's role
 */
public record ApiKeyAuthentication(String keyId, String subject, String namespace, String role)
        implements Authentication {

    /** How audit events name this authentication method. */
    public static final String AUTH_METHOD = "apikey";

    /** The key's role in its namespace, as policy receives it. */
    public ScopedRole scope() {
        return new ScopedRole(namespace, role);
    }

    @Override
    public String getName() {
        return subject;
    }

    /** None: a global role would hold in every namespace. */
    @Override
    public Collection<String> getRoles() {
        return List.of();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of("apikey_id", keyId, "apikey_namespace", namespace, "apikey_role", role);
    }
}
