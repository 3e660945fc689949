package io.faasioflex.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Target;
import io.micronaut.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The events a request leaves in flight: its response waits for every one, and one missing fails it. */
class PendingAuditTest {

    private final List<CompletableFuture<Void>> sent = new ArrayList<>();
    private final AuditPublisher publisher = event -> {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        sent.add(acknowledged);
        return acknowledged;
    };

    @Test
    void aRequestTheAuditFilterOpenedKeepsOneSetAndAnyOtherHasNone() {
        HttpRequest<?> request = HttpRequest.GET("/functions");
        PendingAudit opened = PendingAudit.open(request);

        assertThat(PendingAudit.of(request)).isSameAs(opened);
        assertThatThrownBy(() -> PendingAudit.of(HttpRequest.GET("/functions")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void waitsUntilTheLastEventIsAcknowledged() throws Exception {
        PendingAudit pending = PendingAudit.open(HttpRequest.GET("/functions"));
        pending.publish(publisher, event("authz.decision"));
        pending.publish(publisher, event("function.read"));
        sent.get(0).complete(null);
        CompletableFuture<Void> late = sent.get(1);
        Thread acknowledger = Thread.ofVirtual().start(() -> {
            sleep(Duration.ofMillis(200));
            late.complete(null);
        });

        long started = System.nanoTime();
        pending.awaitAll(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(late).isCompleted();
        acknowledger.join();
    }

    @Test
    void anyEventTheLogRefusedFailsTheWaitAndIsNamed() {
        PendingAudit pending = PendingAudit.open(HttpRequest.GET("/functions"));
        AuditEvent refused = event("function.read");
        pending.publish(publisher, event("authz.decision"));
        pending.publish(publisher, refused);
        pending.publish(publisher, event("function.read"));
        sent.get(0).complete(null);
        sent.get(1).completeExceptionally(new IllegalStateException("stream full"));
        sent.get(2).complete(null);

        assertThatThrownBy(() -> pending.awaitAll(Duration.ofSeconds(1)))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining(refused.id());
    }

    @Test
    void allEventsShareOneBudget() {
        PendingAudit pending = PendingAudit.open(HttpRequest.GET("/functions"));
        pending.publish(publisher, event("authz.decision"));
        pending.publish(publisher, event("function.read"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> pending.awaitAll(Duration.ofMillis(200)))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("within the request's PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(390));
        assertThat(sent.get(0)).isCancelled();
    }

    @Test
    void anEventRefusedAtOnceFailsThePublishItself() {
        PendingAudit pending = PendingAudit.open(HttpRequest.GET("/functions"));
        AuditPublisher disconnected =
                event -> CompletableFuture.failedFuture(new AuditUnavailableException("NATS connection is CLOSED"));

        assertThatThrownBy(() -> pending.publish(disconnected, event("authz.decision")))
                .isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void nothingMayBePublishedOnceTheRequestsEventsWereAwaited() {
        PendingAudit pending = PendingAudit.open(HttpRequest.GET("/functions"));
        pending.awaitAll(Duration.ofSeconds(1));

        assertThatThrownBy(() -> pending.publish(publisher, event("function.read")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(sent).isEmpty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AuditEvent event(String action) {
        return AuditEvent.builder(action)
                .actor(Actor.system("test"))
                .target(Target.none())
                .success()
                .requestId("request-under-test")
                .emitter("test")
                .build();
    }
}
