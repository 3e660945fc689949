package io.faasioflex.platform.apikeys;

import io.micronaut.serde.annotation.Serdeable;

/**
 * An API key as the {@code faas_api_keys} bucket holds it: its facts and the hash of its secret.
 *
 * @param key the key's facts
 * @param secretHash the hash of the key's secret ({@link ApiKeyToken#hash()})
 */
@Serdeable
record StoredApiKey(ApiKey key, String secretHash) {

    /** The stored key at a bucket revision, the basis of a compare-and-set write. */
    record Revision(StoredApiKey stored, long revision) {}
}
