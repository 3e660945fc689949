package io.faasioflex.platform.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Reads the master keys from configuration: inline {@code keys} and the lines of {@code key-file}. */
final class SecretKeys {

    static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final int KEY_BYTES = 32;

    private SecretKeys() {}

    static SecretCipher cipher(SecretsProperties properties) {
        Map<String, SecretKey> keys = new HashMap<>();
        properties.keys().forEach((id, value) -> keys.put(keyId(id), key(id, value)));
        if (!properties.keyFile().isBlank()) {
            keys.putAll(fromFile(Path.of(properties.keyFile())));
        }
        return new SecretCipher(keys, active(properties.activeKeyId(), keys));
    }

    private static String active(String configured, Map<String, SecretKey> keys) {
        if (!configured.isBlank()) {
            return configured;
        }
        if (keys.size() > 1) {
            throw new SecretException("several secrets keys are configured: set faas.secrets.active-key-id");
        }
        return keys.isEmpty() ? "" : keys.keySet().iterator().next();
    }

    /** A key file that does not exist adds no key: a platform without one simply cannot take secrets. */
    private static Map<String, SecretKey> fromFile(Path file) {
        Map<String, SecretKey> keys = new HashMap<>();
        if (!Files.exists(file)) {
            return keys;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (equals < 1) {
                    throw new SecretException("key file " + file + " has a line that is not <keyId>=<base64 key>");
                }
                String id = trimmed.substring(0, equals);
                keys.put(keyId(id), key(id, trimmed.substring(equals + 1)));
            }
        } catch (IOException e) {
            throw new SecretException("cannot read the secrets key file " + file, e);
        }
        return keys;
    }

    private static String keyId(String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new SecretException("secrets key id " + id + " must be lower-case letters, digits and '-'");
        }
        return id;
    }

    private static SecretKey key(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new SecretException("secrets key " + id + " is not valid Base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new SecretException("secrets key " + id + " must be 32 bytes (AES-256), got " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
