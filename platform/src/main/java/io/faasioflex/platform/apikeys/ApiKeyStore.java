package io.faasioflex.platform.apikeys;

import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.nats.KvBuckets;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code faas_api_keys} bucket: one entry per key under its id, holding its facts and the hash of its secret.
 * A key is never deleted: revoking it is a compare-and-set write, so a revocation and any concurrent change never
 * overwrite each other, and the bucket's history keeps who did what.
 */
@Singleton
final class ApiKeyStore {

    static final String BUCKET = "faas_api_keys";
    private static final int HISTORY = 8;

    private final KeyValue kv;
    private final ObjectMapper json;

    ApiKeyStore(Connection nats, ObjectMapper json) {
        this.json = json;
        this.kv = KvBuckets.open(nats, BUCKET, HISTORY);
    }

    Optional<StoredApiKey.Revision> find(String id) {
        return call(() -> Optional.ofNullable(kv.get(id))
                .filter(entry -> entry.getOperation() == KeyValueOperation.PUT)
                .map(this::decode));
    }

    /**
     * Every key, newest first.
     *
     * <p>TODO: reads every key (one KV read each) on every call; page and filter by namespace once deployments hold
     * more than a few hundred keys.
     */
    List<ApiKey> list() {
        return call(() -> {
            List<ApiKey> keys = new ArrayList<>();
            for (String id : kv.keys()) {
                find(id).map(found -> found.stored().key()).ifPresent(keys::add);
            }
            keys.sort(Comparator.comparing(ApiKey::createdAt).reversed());
            return keys;
        });
    }

    /** Stores a new key; 409 if its id is taken (a collision of 96 random bits, so practically never). */
    void create(StoredApiKey stored) {
        call(() -> {
            try {
                return kv.create(stored.key().id(), json.writeValueAsBytes(stored));
            } catch (JetStreamApiException e) {
                throw new ApiException(HttpStatus.CONFLICT, "apikey_exists", "API key id already taken", null, e);
            }
        });
    }

    /** Replaces the key if it is still at {@code expectedRevision}; 409 otherwise. */
    void update(StoredApiKey stored, long expectedRevision) {
        call(() -> {
            try {
                return kv.update(stored.key().id(), json.writeValueAsBytes(stored), expectedRevision);
            } catch (JetStreamApiException e) {
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "apikey_changed",
                        "API key " + stored.key().id() + " changed meanwhile; try again",
                        null,
                        e);
            }
        });
    }

    private StoredApiKey.Revision decode(KeyValueEntry entry) {
        try {
            return new StoredApiKey.Revision(json.readValue(entry.getValue(), StoredApiKey.class), entry.getRevision());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable API key at key " + entry.getKey(), e);
        }
    }

    private static <T> T call(KvBuckets.Call<T> call) {
        return KvBuckets.call("apikeys_unavailable", "the API key store", call);
    }
}
