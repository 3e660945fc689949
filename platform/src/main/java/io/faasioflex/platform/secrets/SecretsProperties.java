package io.faasioflex.platform.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Map;

/**
 * How function secrets are sealed and delivered, under {@code faas.secrets.*}.
 *
 * @param keys master keys by key id, each a Base64 32-byte AES key; key ids are lower-case letters, digits and
 *     {@code -}
 * @param keyFile a file of {@code <keyId>=<base64 key>} lines, read in addition to {@code keys}; empty for none
 * @param activeKeyId the key that seals new values; empty means the only key configured
 * @param hostDir the memory-backed host directory under which each instance gets {@code <instanceId>/secrets}
 * @param maxValueBytes the largest secret value accepted
 */
@ConfigurationProperties("faas.secrets")
public record SecretsProperties(
        @Nullable Map<String, String> keys,
        @Bindable(defaultValue = "") String keyFile,
        @Bindable(defaultValue = "") String activeKeyId,
        @Bindable(defaultValue = "/dev/shm/faasioflex") String hostDir,
        @Bindable(defaultValue = "65536") int maxValueBytes) {

    public SecretsProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }
}
