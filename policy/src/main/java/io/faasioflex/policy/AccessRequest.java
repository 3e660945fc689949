package io.faasioflex.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who wants to do what to which resource: the input of the RBAC policy ({@code faas/authz/decision}).
 *
 * @param subject the authenticated principal
 * @param roles the principal's roles, as the identity provider asserted them
 * @param action the action, such as {@code function.register}; the known actions are policy data
 * @param resource what the action applies to
 * @param scopedRoles roles the principal holds in one namespace only, such as a platform-issued API key's
 */
public record AccessRequest(
        String subject, List<String> roles, String action, Resource resource, List<ScopedRole> scopedRoles) {

    /** Rejects nulls; an empty subject or action is passed on and denied by the policy. */
    public AccessRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        roles = List.copyOf(roles);
        scopedRoles = List.copyOf(scopedRoles);
    }

    /** A request by a principal without scoped roles. */
    public AccessRequest(String subject, List<String> roles, String action, Resource resource) {
        this(subject, roles, action, resource, List.of());
    }

    /**
     * The policy input document: {@code {"subject", "roles", "action", "resource": {kind, namespace, name},
     * "scoped_roles": [{namespace, role}]}}.
     */
    public Map<String, Object> toInput() {
        var input = new LinkedHashMap<String, Object>();
        input.put("subject", subject);
        input.put("roles", roles);
        input.put("action", action);
        input.put("resource", resource.toInput());
        input.put("scoped_roles", scopedRoles.stream().map(ScopedRole::toInput).toList());
        return input;
    }

    /**
     * A role that holds in one namespace and nowhere else.
     *
     * @param namespace the only namespace where the role holds
     * @param role the role's name, as policy data names it
     */
    public record ScopedRole(String namespace, String role) {

        /** Rejects nulls. */
        public ScopedRole {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(role, "role");
        }

        Map<String, Object> toInput() {
            return Map.of("namespace", namespace, "role", role);
        }
    }

    /**
     * The target of an action. Fields that do not apply are empty strings.
     *
     * @param kind what sort of resource, such as {@code function} or {@code audit}
     * @param namespace the namespace of the resource
     * @param name the name of the resource within its namespace
     */
    public record Resource(String kind, String namespace, String name) {

        /** Rejects nulls. */
        public Resource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }

        /** A function {@code namespace/name}. */
        public static Resource function(String namespace, String name) {
            return new Resource("function", namespace, name);
        }

        /** A resource of a kind with no namespace or name, such as the audit log. */
        public static Resource of(String kind) {
            return new Resource(kind, "", "");
        }

        Map<String, Object> toInput() {
            return Map.of("kind", kind, "namespace", namespace, "name", name);
        }
    }
}
