package io.faasioflex.platform.apikeys;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The answer to creating an API key: the only time the whole key is shown. The platform keeps a hash of its secret
 * and cannot show it again.
 *
 * @param key the whole key, {@code ffx_<id>_<secret>}, to send as {@code Authorization: ApiKey <key>}
 * @param apiKey the key's facts
 */
@Serdeable
public record CreatedApiKey(String key, ApiKey apiKey) {

    @Override
    public String toString() {
        return "CreatedApiKey[id=" + apiKey.id() + ", key=<hidden>]";
    }
}
