package io.faasioflex.audit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes audit events to the audit log.
 *
 * <p>The request path publishes an event asynchronously while it finishes its work and waits for the acknowledgement
 * before any response leaves the platform; if the log does not take the event, the request fails closed.
 */
public interface AuditPublisher {

    /** How long {@link #publishAndAwait} waits for an acknowledgement unless an implementation says otherwise. */
    Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Publishes {@code event}.
     *
     * @return a future that completes once the audit log has durably acknowledged the event (a duplicate of an event
     *     already stored counts as acknowledged), or completes exceptionally with an {@link AuditException}
     */
    CompletableFuture<Void> publish(AuditEvent event);

    /** The longest {@link #publishAndAwait} waits for an acknowledgement. */
    default Duration ackTimeout() {
        return DEFAULT_ACK_TIMEOUT;
    }

    /**
     * Publishes {@code event} and waits for its acknowledgement.
     *
     * @throws AuditUnavailableException if the event was not acknowledged within {@link #ackTimeout()}, for whatever
     *     reason; the caller must then fail closed. The event may still turn up in the log (for example when it was
     *     sent just before the connection dropped): a log may hold an event for a request that failed, never the
     *     other way round.
     */
    default void publishAndAwait(AuditEvent event) {
        awaitAcknowledgement(event, publish(event), ackTimeout());
    }

    /**
     * Waits at most {@code timeout} for {@code acknowledged}, the future {@link #publish} returned for {@code event}.
     *
     * @throws AuditUnavailableException if the event was not acknowledged in time, for whatever reason
     */
    static void awaitAcknowledgement(AuditEvent event, CompletableFuture<Void> acknowledged, Duration timeout) {
        try {
            acknowledged.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(
                    "interrupted while awaiting acknowledgement of event id=" + event.id(), e);
        } catch (TimeoutException e) {
            acknowledged.cancel(false);
            throw new AuditUnavailableException(
                    "event id=" + event.id() + " was not acknowledged within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("event id=" + event.id() + " was not acknowledged", e.getCause());
        }
    }
}
