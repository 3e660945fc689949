package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.projection.ProjectionLag;
import io.faasioflex.audit.verify.VerificationReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The projector writes the audit stream into PostgreSQL in order, once, chained and checkpointed. */
class AuditProjectorIT {

    private static LedgerHarness harness;

    @BeforeAll
    static void start() {
        harness = new LedgerHarness();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        harness.close();
    }

    @BeforeEach
    void freshLedger() throws Exception {
        harness.reset();
    }

    @Test
    void projectsEveryEventOnceInStreamOrderAndTheChainVerifies() throws Exception {
        List<AuditEvent> events = harness.publish(250);
        AuditProjector projector = harness.projector(LedgerHarness.fastSettings());

        projector.start();
        harness.awaitProjected(Duration.ofSeconds(20));

        assertThat(harness.count("SELECT count(*) FROM audit_events")).isEqualTo(250);
        assertThat(harness.count("SELECT count(DISTINCT event_id) FROM audit_events"))
                .isEqualTo(250);
        assertThat(harness.count("SELECT min(stream_seq) FROM audit_events")).isEqualTo(1);
        assertThat(harness.count("SELECT max(stream_seq) FROM audit_events")).isEqualTo(250);
        assertThat(harness.count("SELECT count(*) FROM audit_events e WHERE e.event_id = 'x'"))
                .isZero();
        try (var c = harness.dataSource.getConnection();
                var rows = c.createStatement().executeQuery("SELECT event_id FROM audit_events ORDER BY stream_seq")) {
            for (AuditEvent event : events) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(event.id());
            }
        }
        VerificationReport report = harness.verifier().verify();
        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.rowsChecked()).isEqualTo(250);
        ProjectionLag lag = projector.lag();
        assertThat(lag.events()).isZero();
        assertThat(projector.status().healthy()).isTrue();
    }

    @Test
    void aSecondProjectorOverTheSameLedgerAddsNothing() throws Exception {
        harness.publish(120);
        AuditProjector first = harness.projector(LedgerHarness.fastSettings());
        first.start();
        harness.awaitProjected(Duration.ofSeconds(20));
        first.close();

        harness.connection.jetStreamManagement().deleteConsumer("AUDIT", "audit-projector");
        AuditProjector second = harness.projector(LedgerHarness.fastSettings());
        second.start();
        harness.publish(30);
        harness.awaitProjected(Duration.ofSeconds(20));

        assertThat(harness.count("SELECT count(*) FROM audit_events")).isEqualTo(150);
        assertThat(harness.count("SELECT count(*) FROM rejected_messages")).isZero();
        assertThat(harness.verifier().verify().intact()).isTrue();
    }
}
