package io.faasioflex.platform.api;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.micronaut.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The audit events of one request that were published but whose acknowledgement nobody has waited for yet. They are
 * in flight while the request goes on; {@link ApiCallAuditFilter} waits for all of them, with the request's own
 * {@code api.call} event, before the response may leave, and answers 503 if any is missing.
 */
public final class PendingAudit {

    private static final String ATTRIBUTE = "faas.audit.pending";

    private final List<Published> events = new ArrayList<>();

    private PendingAudit() {}

    /** The pending events of {@code request}, created on first use. */
    public static PendingAudit of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, PendingAudit.class).orElseGet(() -> {
            PendingAudit pending = new PendingAudit();
            request.setAttribute(ATTRIBUTE, pending);
            return pending;
        });
    }

    /**
     * Publishes {@code event} and leaves its acknowledgement to the end of the request.
     *
     * @throws AuditUnavailableException at once if the event has already been refused (NATS not connected)
     */
    public void publish(AuditPublisher audit, AuditEvent event) {
        CompletableFuture<Void> acknowledged = audit.publish(event);
        if (acknowledged.isCompletedExceptionally()) {
            AuditPublisher.awaitAcknowledgement(event, acknowledged, Duration.ZERO);
        }
        synchronized (events) {
            events.add(new Published(event, acknowledged));
        }
    }

    /**
     * Waits until every pending event is acknowledged, all within one {@code timeout}.
     *
     * @throws AuditUnavailableException for the first event that was not
     */
    void awaitAll(Duration timeout) {
        List<Published> published;
        synchronized (events) {
            published = List.copyOf(events);
            events.clear();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Published one : published) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            AuditPublisher.awaitAcknowledgement(one.event(), one.acknowledged(), left);
        }
    }

    private record Published(AuditEvent event, CompletableFuture<Void> acknowledged) {}
}
