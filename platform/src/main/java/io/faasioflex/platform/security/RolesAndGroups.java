package io.faasioflex.platform.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.RolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A caller's roles from its token: the {@code roles} claim as roles, and each entry of the {@code groups} claim as
 * {@code group:<name>}. Groups grant nothing by themselves; policy data maps them to roles per namespace
 * ({@code data.faas.tenancy.group_bindings}).
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
final class RolesAndGroups implements RolesFinder {

    static final String GROUP_PREFIX = "group:";
    private static final String GROUPS_CLAIM = "groups";

    private final DefaultRolesFinder roles;

    RolesAndGroups(TokenConfiguration configuration) {
        this.roles = new DefaultRolesFinder(configuration);
    }

    @Override
    public List<String> resolveRoles(@Nullable Map<String, Object> attributes) {
        List<String> resolved = new ArrayList<>(roles.resolveRoles(attributes));
        if (attributes != null && attributes.get(GROUPS_CLAIM) instanceof Collection<?> groups) {
            groups.stream()
                    .filter(String.class::isInstance)
                    .map(group -> GROUP_PREFIX + group)
                    .forEach(resolved::add);
        }
        return resolved;
    }
}
