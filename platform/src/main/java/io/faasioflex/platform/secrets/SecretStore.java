package io.faasioflex.platform.secrets;

import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code faas_secrets} bucket: one sealed value per {@code <namespace>.<function>.<secret>}, no history, so an
 * overwritten or deleted value leaves no older ciphertext behind.
 */
@Singleton
final class SecretStore {

    static final String BUCKET = "faas_secrets";
    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    private final KeyValue kv;
    private final ObjectMapper json;

    SecretStore(Connection nats, ObjectMapper json) {
        this.json = json;
        this.kv = openBucket(nats);
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

    private static KeyValue openBucket(Connection nats) {
        try {
            var management = nats.keyValueManagement();
            if (!management.getBucketNames().contains(BUCKET)) {
                management.create(KeyValueConfiguration.builder()
                        .name(BUCKET)
                        .maxHistoryPerKey(1)
                        .storageType(StorageType.File)
                        .build());
                LOG.info("created secrets bucket={}", BUCKET);
            }
            return nats.keyValue(BUCKET);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot open the secrets bucket " + BUCKET, e);
        }
    }

    private static <T> T call(StoreCall<T> call) {
        try {
            return call.run();
        } catch (IOException | JetStreamApiException e) {
            throw new SecretException("the secrets bucket cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretException("interrupted while using the secrets bucket", e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws IOException, JetStreamApiException, InterruptedException;
    }
}
