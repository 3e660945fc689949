package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.projection.ProjectionLag;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.audit.verify.BreakKind;
import io.faasioflex.audit.verify.BrokenLink;
import io.faasioflex.audit.verify.VerificationReport;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        assertThat(report.summary()).startsWith("audit chain intact: rows 1..250 (250 rows,");
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

    @Test
    void signsCheckpointsAtTheIntervalWhenNoEventArrives() throws Exception {
        AuditProjector projector =
                harness.projector(LedgerHarness.fastSettings().withCheckpoints(1000, Duration.ofSeconds(1)));
        projector.start();

        LedgerHarness.await(Duration.ofSeconds(10), () -> checkpoints() >= 3);

        assertThat(harness.count("SELECT count(*) FROM checkpoints WHERE event_count <> 0 OR last_seq <> 0"))
                .isZero();
        var verifier = new AuditVerifier(
                harness.dataSource,
                LedgerHarness.MAPPER,
                harness.signingKey.trustedKeys(),
                Optional.of(Duration.ofSeconds(3)),
                Clock.systemUTC());
        assertThat(verifier.verify().firstBreak()).isEmpty();

        projector.close();
        Thread.sleep(3_500);

        assertThat(verifier.verify().firstBreak())
                .get()
                .extracting(BrokenLink::kind)
                .isEqualTo(BreakKind.MISSING_CHECKPOINT);
    }

    @Test
    void aDuplicateEventIdBeyondTheStreamsWindowIsKeptAsRejected() throws Exception {
        AuditEvent event = harness.publish(1).getFirst();
        // a copy published under another message id slips past JetStream's de-duplication
        harness.connection
                .jetStream()
                .publish("audit.function.register", LedgerHarness.MAPPER.writeValueAsBytes(event));
        harness.connection.jetStream().publish("audit.function.register", "not json".getBytes());
        AuditProjector projector = harness.projector(LedgerHarness.fastSettings());

        projector.start();
        harness.awaitProjected(Duration.ofSeconds(20));

        assertThat(harness.count("SELECT count(*) FROM audit_events")).isEqualTo(1);
        assertThat(harness.count("SELECT count(*) FROM rejected_messages")).isEqualTo(2);
        assertThat(harness.verifier().verify().intact()).isTrue();
    }

    private static long checkpoints() {
        try {
            return harness.count("SELECT count(*) FROM checkpoints");
        } catch (SQLException e) {
            return 0;
        }
    }
}
