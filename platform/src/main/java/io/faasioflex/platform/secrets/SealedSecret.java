package io.faasioflex.platform.secrets;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A secret value as the {@code faas_secrets} bucket stores it: AES-256-GCM under the master key {@code keyId}, with
 * the entry's KV key as associated data, so a ciphertext copied under another key does not open.
 *
 * @param keyId which master key sealed it; kept so values outlive a change of the active key
 * @param nonce the random 96-bit nonce, Base64
 * @param ciphertext the ciphertext with its 128-bit tag, Base64
 */
@Serdeable
public record SealedSecret(String keyId, String nonce, String ciphertext) {}
