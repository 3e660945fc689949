package io.faasioflex.platform.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * What the platform tells about an API key: everything but its secret, which it does not know.
 *
 * @param id the key's public identifier, also the first part of the key
 * @param name a label chosen by whoever created the key
 * @param subject the principal the key acts as, {@code apikey:<id>}
 * @param namespace the only namespace where the key's role holds
 * @param role the key's role in that namespace
 * @param createdBy the subject that created the key
 * @param createdAt when it was created
 * @param expiresAt when it stops working; {@code null} for never
 * @param revoked whether it was revoked
 * @param revokedBy who revoked it, empty unless revoked
 * @param revokedAt when it was revoked; {@code null} unless revoked
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKey(
        String id,
        String name,
        String subject,
        String namespace,
        String role,
        String createdBy,
        Instant createdAt,
        @Nullable Instant expiresAt,
        boolean revoked,
        String revokedBy,
        @Nullable Instant revokedAt) {

    /** The subject a key with {@code id} acts as. */
    static String subjectOf(String id) {
        return "apikey:" + id;
    }

    /** Whether the key authenticates its holder at {@code now}: neither revoked nor expired. */
    boolean activeAt(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** This key, revoked by {@code subject} at {@code at}. */
    ApiKey revokedBy(String subject, Instant at) {
        return new ApiKey(id, name, this.subject, namespace, role, createdBy, createdAt, expiresAt, true, subject, at);
    }
}
