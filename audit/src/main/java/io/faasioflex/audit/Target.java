package io.faasioflex.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What an audited action was applied to.
 *
 * <p>Absent values are empty strings, never {@code null}; {@link #NO_VERSION} ({@code 0}) marks a target without a
 * version, since registry versions start at 1.
 *
 * @param kind the kind of resource, for example {@code function}, {@code instance}, {@code policy}; empty for none
 * @param namespace the namespace of the resource, empty when it has none
 * @param name the name of the resource within its namespace
 * @param version the function version, or {@link #NO_VERSION}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Target(String kind, String namespace, String name, long version) {

    /** The version of a target that has no version. */
    public static final long NO_VERSION = 0;

    /** Normalises absent values to empty ones and rejects negative versions. */
    public Target {
        kind = Texts.orEmpty(kind);
        namespace = Texts.orEmpty(namespace);
        name = Texts.orEmpty(name);
        if (version < 0) {
            throw new InvalidAuditEventException("target version must be 0 (none) or positive, got " + version);
        }
    }

    /** The target of an action that applies to no particular resource, such as listing functions. */
    public static Target none() {
        return new Target("", "", "", NO_VERSION);
    }

    /** A resource without a version. */
    public static Target of(String kind, String namespace, String name) {
        return new Target(kind, namespace, name, NO_VERSION);
    }

    /** A function, optionally at a given version ({@link #NO_VERSION} for all or the latest). */
    public static Target function(String namespace, String name, long version) {
        return new Target("function", namespace, name, version);
    }

    /** Whether this target names a version. */
    public boolean hasVersion() {
        return version != NO_VERSION;
    }
}
