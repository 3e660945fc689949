package io.faasioflex.platform.nats;

import io.faasioflex.platform.api.ApiException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform's KV buckets: opened (created on first use, file storage) and called with one error mapping. */
public final class KvBuckets {

    private static final Logger LOG = LoggerFactory.getLogger(KvBuckets.class);

    private KvBuckets() {}

    /** The bucket {@code name}, created with {@code history} revisions per key if it does not exist. */
    public static KeyValue open(Connection nats, String name, int history) {
        try {
            var management = nats.keyValueManagement();
            if (!management.getBucketNames().contains(name)) {
                management.create(KeyValueConfiguration.builder()
                        .name(name)
                        .maxHistoryPerKey(history)
                        .storageType(StorageType.File)
                        .build());
                LOG.info("created bucket={} history={}", name, history);
            }
            return nats.keyValue(name);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot open the bucket " + name, e);
        }
    }

    /**
     * Runs a bucket operation; NATS failures become 503 with {@code code}. JetStream API errors a caller expects
     * (a failed compare-and-set) must be caught inside {@code call}.
     */
    public static <T> T call(String code, String what, Call<T> call) {
        try {
            return call.run();
        } catch (IOException | JetStreamApiException e) {
            throw ApiException.unavailable(code, what + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(code, "interrupted while using " + what, e);
        }
    }

    /** A KV operation. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException, JetStreamApiException, InterruptedException;
    }
}
