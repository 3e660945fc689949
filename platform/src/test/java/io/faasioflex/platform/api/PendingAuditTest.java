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
    void oneRequestKeepsOneSetOfPendingEvents() {
        HttpRequest<?> request = HttpRequest.GET("/functions");

        assertThat(PendingAudit.of(request)).isSameAs(PendingAudit.of(request));
        assertThat(PendingAudit.of(HttpRequest.GET("/functions"))).isNotSameAs(PendingAudit.of(request));
    }

    @Test
    void returnsOnceEveryEventIsAcknowledged() {
        PendingAudit pending = PendingAudit.of(HttpRequest.GET("/functions"));
        pending.publish(publisher, event("authz.decision"));
        pending.publish(publisher, event("function.read"));
        sent.forEach(acknowledged -> acknowledged.complete(null));

        pending.awaitAll(Duration.ofSeconds(1));

        assertThat(sent).hasSize(2);
    }

    @Test
    void anEventTheLogRefusedFailsTheWaitAndNamesIt() {
        PendingAudit pending = PendingAudit.of(HttpRequest.GET("/functions"));
        AuditEvent refused = event("function.read");
        pending.publish(publisher, event("authz.decision"));
        pending.publish(publisher, refused);
        sent.get(0).complete(null);
        sent.get(1).completeExceptionally(new IllegalStateException("stream full"));

        assertThatThrownBy(() -> pending.awaitAll(Duration.ofSeconds(1)))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining(refused.id());
    }

    @Test
    void anEventNeverAcknowledgedFailsTheWaitWhenTheTimeRunsOut() {
        PendingAudit pending = PendingAudit.of(HttpRequest.GET("/functions"));
        pending.publish(publisher, event("authz.decision"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> pending.awaitAll(Duration.ofMillis(50)))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("not acknowledged within");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(sent.get(0)).isCancelled();
    }

    @Test
    void anEventRefusedAtOnceFailsThePublishItself() {
        PendingAudit pending = PendingAudit.of(HttpRequest.GET("/functions"));
        AuditPublisher disconnected =
                event -> CompletableFuture.failedFuture(new AuditUnavailableException("NATS connection is CLOSED"));

        assertThatThrownBy(() -> pending.publish(disconnected, event("authz.decision")))
                .isInstanceOf(AuditUnavailableException.class);
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
