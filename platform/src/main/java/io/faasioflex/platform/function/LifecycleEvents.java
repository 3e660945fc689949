package io.faasioflex.platform.function;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.nats.client.Connection;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes lifecycle events on {@code faas.events.>} for other roles to react to: every manager retires the instances
 * of a function on {@code function.deleted}, and on {@code secret.changed} (a secret of it written or deleted, version
 * 0), so no instance keeps secret files that are no longer current. These are notifications, not the record: the audit
 * stream is the record.
 */
@Singleton
public final class LifecycleEvents {

    public static final String PREFIX = "faas.events.";
    /** A secret of a function was written or deleted. */
    public static final String SECRET_CHANGED = "secret.changed";

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEvents.class);

    private final Connection nats;
    private final ObjectMapper json;

    LifecycleEvents(Connection nats, ObjectMapper json) {
        this.nats = nats;
        this.json = json;
    }

    /** Publishes {@code kind} (for example {@code function.deleted}) about one function version. */
    public void publish(String kind, String namespace, String name, long version, String instance) {
        Event event = new Event(kind, namespace, name, version, instance, Instant.now());
        try {
            nats.publish(PREFIX + kind, json.writeValueAsBytes(event));
        } catch (IOException | IllegalStateException e) {
            LOG.warn("lifecycle event not published kind={} function={}/{}", kind, namespace, name, e);
        }
    }

    /** Reads an event received on {@code faas.events.>}. */
    public Event read(byte[] data) throws IOException {
        return json.readValue(data, Event.class);
    }

    /** A lifecycle event; {@code instance} is empty unless it concerns one instance. */
    @Serdeable
    public record Event(String kind, String namespace, String name, long version, String instance, Instant time) {}
}
