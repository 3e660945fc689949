package io.faasioflex.audit.pseudonym;

import javax.crypto.SecretKey;

/** An unwrapped per-subject key; only the keyring reads its secret. */
public final class SubjectKey {

    private final String keyId;
    private final SecretKey secret;

    SubjectKey(String keyId, SecretKey secret) {
        this.keyId = keyId;
        this.secret = secret;
    }

    public String keyId() {
        return keyId;
    }

    SecretKey secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "SubjectKey[" + keyId + "]";
    }
}
