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
 * in flight while the request goes on; {@link ApiCallAuditFilter} opens the set when the request arrives and waits
 * for all of them before it records the call itself, and the response leaves only if every one was acknowledged.
 */
public final class PendingAudit {

    private static final String ATTRIBUTE = "faas.audit.pending";

    private final List<Published> events = new ArrayList<>();
    private boolean closed;

    private PendingAudit() {}

    /** Opens the set of {@code request}; called once, when the request arrives. */
    static PendingAudit open(HttpRequest<?> request) {
        PendingAudit pending = new PendingAudit();
        request.setAttribute(ATTRIBUTE, pending);
        return pending;
    }

    /**
     * The pending events of {@code request}.
     *
     * @throws IllegalStateException if the request did not pass {@link ApiCallAuditFilter}: its events would never be
     *     awaited
     */
    public static PendingAudit of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, PendingAudit.class)
                .orElseThrow(() -> new IllegalStateException("no audit filter saw request " + request.getPath()));
    }

    /**
     * Publishes {@code event} and leaves its acknowledgement to the end of the request.
     *
     * @return the acknowledgement, for a caller that must have it sooner
     * @throws AuditUnavailableException at once if the event has already been refused (NATS not connected)
     * @throws IllegalStateException once the request's events have been awaited
     */
    public CompletableFuture<Void> publish(AuditPublisher audit, AuditEvent event) {
        synchronized (events) {
            if (closed) {
                throw new IllegalStateException("event " + event.action() + " published after its request ended");
            }
            CompletableFuture<Void> acknowledged = audit.publish(event);
            if (acknowledged.isCompletedExceptionally()) {
                AuditPublisher.awaitAcknowledgement(event, acknowledged, Duration.ZERO);
            }
            events.add(new Published(event, acknowledged));
            return acknowledged;
        }
    }

    /**
     * Waits until every pending event is acknowledged, all within one {@code budget}, and closes the set.
     *
     * @throws AuditUnavailableException for the first event that was not
     */
    void awaitAll(Duration budget) {
        List<Published> published;
        synchronized (events) {
            closed = true;
            published = List.copyOf(events);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        for (Published one : published) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                AuditPublisher.awaitAcknowledgement(one.event(), one.acknowledged(), left);
            } catch (AuditUnavailableException e) {
                throw new AuditUnavailableException(
                        "event id=" + one.event().id() + " (" + one.event().action() + ") of request "
                                + one.event().requestId() + " was not acknowledged within the request's " + budget,
                        e);
            }
        }
    }

    private record Published(AuditEvent event, CompletableFuture<Void> acknowledged) {}
}
