package io.faasioflex.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    @Test
    void builderFillsAUniqueIdAndTheCurrentTime() {
        Instant before = Instant.now();

        AuditEvent first = AuditEvent.builder("api.call").success().build();
        AuditEvent second = AuditEvent.builder("api.call").success().build();

        assertThat(UUID.fromString(first.id())).isNotNull();
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.time()).isBetween(before, Instant.now());
    }

    @Test
    void builderSetsEveryField() {
        AuditEvent event = sampleEvent();

        assertThat(event.action()).isEqualTo("function.register");
        assertThat(event.actor().subject()).isEqualTo("alice");
        assertThat(event.actor().roles()).containsExactly("developer");
        assertThat(event.target()).isEqualTo(Target.function("team-a", "resize", 3));
        assertThat(event.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(event.reason()).isEqualTo("image not allowed");
        assertThat(event.requestId()).isEqualTo("req-1");
        assertThat(event.decisionId()).isEqualTo("dec-1");
        assertThat(event.latencyMicros()).isEqualTo(1_500);
        assertThat(event.requestBytes()).isEqualTo(10);
        assertThat(event.responseBytes()).isEqualTo(20);
        assertThat(event.findings()).containsExactly(Map.entry("credit-card", 3), Map.entry("email", 1));
        assertThat(event.details()).containsEntry("http.method", "POST").containsEntry("http.status", "403");
        assertThat(event.emitter()).isEqualTo("platform-1");
    }

    @Test
    void absentValuesAreEmptyNotNull() {
        AuditEvent event = AuditEvent.builder("instance.stop").success().build();

        assertThat(event.reason()).isEmpty();
        assertThat(event.requestId()).isEmpty();
        assertThat(event.decisionId()).isEmpty();
        assertThat(event.emitter()).isEmpty();
        assertThat(event.findings()).isEmpty();
        assertThat(event.details()).isEmpty();
        assertThat(event.target()).isEqualTo(Target.none());
        assertThat(event.target().hasVersion()).isFalse();
        assertThat(event.actor().authMethod()).isEqualTo("none");
    }

    @Test
    void anEventWithoutOutcomeIsRefused() {
        assertThatThrownBy(() -> AuditEvent.builder("function.invoke").build())
                .isInstanceOf(InvalidAuditEventException.class)
                .hasMessageContaining("outcome");
    }

    @Test
    void actionsMustBeSafeSubjectTokens() {
        assertThat(AuditEvent.isValidAction("authz.decision")).isTrue();
        for (String bad : List.of("", "Function.Register", "audit.*", "audit.>", "a..b", ".a", "a b", "a.")) {
            assertThatThrownBy(() -> AuditEvent.builder(bad)).as(bad).isInstanceOf(InvalidAuditEventException.class);
        }
    }

    @Test
    void negativeSizesAndCountsAreRefused() {
        assertThatThrownBy(() ->
                        AuditEvent.builder("api.call").success().sizes(-1, 0).build())
                .isInstanceOf(InvalidAuditEventException.class)
                .hasMessageContaining("requestBytes");
        assertThatThrownBy(() -> AuditEvent.builder("api.call")
                        .success()
                        .finding("iban", -2)
                        .build())
                .isInstanceOf(InvalidAuditEventException.class)
                .hasMessageContaining("findings.iban");
        assertThatThrownBy(() -> Target.function("ns", "fn", -1)).isInstanceOf(InvalidAuditEventException.class);
    }

    @Test
    void findingsOfTheSameTypeAddUp() {
        AuditEvent event = AuditEvent.builder("function.invoke")
                .success()
                .finding("email", 2)
                .finding("email", 3)
                .build();

        assertThat(event.findings()).containsExactly(Map.entry("email", 5));
    }

    @Test
    void eventsAreImmutable() {
        AuditEvent event = sampleEvent();

        assertThatThrownBy(() -> event.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.actor().roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        ObjectMapper mapper = ObjectMapper.getDefault();
        AuditEvent event = sampleEvent();

        String json = mapper.writeValueAsString(event);
        AuditEvent read = mapper.readValue(json, AuditEvent.class);

        assertThat(read).isEqualTo(event);
        assertThat(json).contains("\"action\":\"function.register\"").contains("\"outcome\":\"DENIED\"");
    }

    @Test
    void jsonNamesEveryFieldEvenWhenEmpty() throws Exception {
        AuditEvent event = AuditEvent.builder("instance.start").success().build();

        String json = ObjectMapper.getDefault().writeValueAsString(event);

        assertThat(json)
                .contains("\"reason\":\"\"", "\"requestId\":\"\"", "\"findings\":{}", "\"details\":{}")
                .contains("\"subject\":\"\"", "\"roles\":[]", "\"version\":0");
    }

    static AuditEvent sampleEvent() {
        return AuditEvent.builder("function.register")
                .time(Instant.parse("2025-01-02T03:04:05.123456789Z"))
                .actor(new Actor("alice", List.of("developer"), "127.0.0.1", "jwt"))
                .target(Target.function("team-a", "resize", 3))
                .denied("image not allowed")
                .requestId("req-1")
                .decisionId("dec-1")
                .latency(Duration.ofNanos(1_500_999))
                .sizes(10, 20)
                .finding("email", 1)
                .finding("credit-card", 3)
                .detail("http.method", "POST")
                .detail("http.status", "403")
                .emitter("platform-1")
                .build();
    }
}
