package io.faasioflex.platform.secrets;

import io.faasioflex.platform.nats.KvBuckets;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code faas_secrets} bucket: one sealed value per {@code <namespace>.<function>.<secret>}, no history, so an
 * overwritten or deleted value leaves no older ciphertext behind.
 */
@Singleton
final class SecretStore {

    static final String BUCKET = "faas_secrets";

    private final KeyValue kv;
    private final ObjectMapper json;

    SecretStore(Connection nats, ObjectMapper json) {
        this.json = json;
        this.kv = KvBuckets.open(nats, BUCKET, 1);
    }

    static String key(String namespace, String function, String secret) {
        return namespace + "." + function + "." + secret;
    }

    void put(String key, SealedSecret sealed) {
        call(() -> kv.put(key, json.writeValueAsBytes(sealed)));
    }

    Optional<SealedSecret> get(String key) {
        return call(() -> Optional.ofNullable(kv.get(key)).map(this::decode));
    }

    /** The secret names of a function, sorted; never their values. */
    List<String> names(String namespace, String function) {
        String prefix = key(namespace, function, "");
        return call(() -> kv.keys(prefix + "*").stream()
                .map(key -> key.substring(prefix.length()))
                .sorted()
                .toList());
    }

    /** Removes every revision of the key; false when there was none. */
    boolean purge(String key) {
        return call(() -> {
            if (kv.get(key) == null) {
                return false;
            }
            kv.purge(key);
            return true;
        });
    }

    private SealedSecret decode(KeyValueEntry entry) {
        try {
            return json.readValue(entry.getValue(), SealedSecret.class);
        } catch (IOException e) {
            throw new SecretException("unreadable sealed secret at key " + entry.getKey(), e);
        }
    }

    private static <T> T call(KvBuckets.Call<T> call) {
        return KvBuckets.call("secrets_unavailable", "the secret store", call);
    }
}
