package io.faasioflex.audit.ledger;

import java.util.Base64;

/**
 * The sealed personal fields of an event's actor: its subject and client address, encrypted with the key of one
 * subject.
 *
 * @param keyId the subject key that sealed them, empty when the event has no personal fields
 * @param sealed the AES-GCM nonce followed by the ciphertext and tag; empty when the event has no personal fields
 */
public record Pseudonym(String keyId, byte[] sealed) {

    /** The pseudonym of an event without personal fields. */
    public static final Pseudonym NONE = new Pseudonym("", new byte[0]);

    public Pseudonym {
        keyId = keyId == null ? "" : keyId;
        sealed = sealed == null ? new byte[0] : sealed.clone();
    }

    /** Whether there are sealed fields. */
    public boolean isPresent() {
        return !keyId.isEmpty();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    /** The sealed bytes in standard Base64, as they appear in the canonical form. */
    public String sealedBase64() {
        return Base64.getEncoder().encodeToString(sealed);
    }
}
