package io.faasioflex.platform.function;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A function spec with the KV revision that stores it; the revision is the API's ETag.
 *
 * @param spec the function version
 * @param revision the KV revision, used for compare-and-set updates
 */
@Serdeable
public record VersionedSpec(FunctionSpec spec, long revision) {

    public String etag() {
        return "\"" + revision + "\"";
    }
}
