package io.faasioflex.platform.function;

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
 * The function registry: one KV entry per function under {@code <namespace>.<name>}, each write a new revision, the
 * bucket's history holding earlier versions. Every write is compare-and-set on the revision, so two writers never
 * overwrite each other silently.
 */
@Singleton
public final class FunctionRegistry {

    public static final String BUCKET = "faas_functions";
    private static final int HISTORY = 64;

    private final KeyValue kv;
    private final ObjectMapper json;

    FunctionRegistry(Connection nats, ObjectMapper json) {
        this.json = json;
        this.kv = KvBuckets.open(nats, BUCKET, HISTORY);
    }

    public Optional<VersionedSpec> find(String namespace, String name) {
        return call(() -> Optional.ofNullable(kv.get(key(namespace, name))).map(this::decode));
    }

    /** The spec stored at {@code revision}, as a manager sees the exact version an invocation was routed for. */
    public Optional<VersionedSpec> at(String namespace, String name, long revision) {
        return call(() -> Optional.ofNullable(kv.get(key(namespace, name), revision))
                .filter(entry -> entry.getOperation() == KeyValueOperation.PUT)
                .map(this::decode));
    }

    public List<VersionedSpec> list(String namespace) {
        return call(() -> {
            List<VersionedSpec> specs = new ArrayList<>();
            for (String key : kv.keys(namespace + ".*")) {
                Optional.ofNullable(kv.get(key)).map(this::decode).ifPresent(specs::add);
            }
            specs.sort(Comparator.comparing(v -> v.spec().name()));
            return specs;
        });
    }

    /** Stores the first version of a function; 409 if the name is taken. */
    public VersionedSpec create(FunctionSpec spec) {
        return call(() -> {
            try {
                return new VersionedSpec(spec, kv.create(spec.key(), encode(spec)));
            } catch (JetStreamApiException e) {
                throw conflict("function_exists", "function " + spec.qualifiedName() + " is already registered", e);
            }
        });
    }

    /** Stores a new version if the function is still at {@code expectedRevision}; 412 otherwise. */
    public VersionedSpec update(FunctionSpec spec, long expectedRevision) {
        return call(() -> {
            try {
                return new VersionedSpec(spec, kv.update(spec.key(), encode(spec), expectedRevision));
            } catch (JetStreamApiException e) {
                throw stale(spec.qualifiedName(), e);
            }
        });
    }

    /** Marks the function deleted if it is still at {@code expectedRevision}; its history stays in the bucket. */
    public void delete(String namespace, String name, long expectedRevision) {
        call(() -> {
            try {
                kv.delete(key(namespace, name), expectedRevision);
                return null;
            } catch (JetStreamApiException e) {
                throw stale(namespace + "/" + name, e);
            }
        });
    }

    private VersionedSpec decode(KeyValueEntry entry) {
        try {
            return new VersionedSpec(json.readValue(entry.getValue(), FunctionSpec.class), entry.getRevision());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable function spec at key " + entry.getKey(), e);
        }
    }

    private byte[] encode(FunctionSpec spec) throws IOException {
        return json.writeValueAsBytes(spec);
    }

    private static String key(String namespace, String name) {
        return namespace + "." + name;
    }

    private static ApiException conflict(String code, String message, Throwable cause) {
        return new ApiException(HttpStatus.CONFLICT, code, message, null, cause);
    }

    private static ApiException stale(String function, Throwable cause) {
        return new ApiException(
                HttpStatus.PRECONDITION_FAILED,
                "revision_mismatch",
                "function " + function + " changed since the revision given; read it again",
                null,
                cause);
    }

    private static <T> T call(KvBuckets.Call<T> call) {
        return KvBuckets.call("registry_unavailable", "the function registry", call);
    }
}
