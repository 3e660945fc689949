package io.faasioflex.platform.apikeys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A request to create an API key, as the API receives it; checked by {@link ApiKeyService}.
 *
 * @param name a label for the key (letters, digits, '.', '_', '-'; at most 64)
 * @param namespace the only namespace where the key's role will hold
 * @param role the key's role there, one that policy data defines
 * @param expiresInDays days until the key stops working, 1 to 3650; absent for never
 */
@Serdeable
public record ApiKeyRequest(
        @Nullable String name,
        @Nullable String namespace,
        @Nullable String role,
        @Nullable Integer expiresInDays) {}
