package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.retention.AuditRetention;
import io.faasioflex.audit.retention.LegalHold;
import io.faasioflex.audit.retention.LegalHolds;
import io.faasioflex.audit.retention.RetentionResult;
import io.faasioflex.audit.verify.BreakKind;
import io.faasioflex.audit.verify.BrokenLink;
import io.faasioflex.audit.verify.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention removes old rows from the start of the chain, never held ones, and leaves a ledger that still verifies.
 * The ledger: rows 1–20 are 40 days old, rows 21–40 are 35 days old, rows 41–60 are new; a checkpoint every 10 rows.
 */
class AuditRetentionIT {

    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Instant NOW = Instant.now();
    private static LedgerHarness harness;
    private AuditRetention retention;
    private LegalHolds holds;

    @BeforeAll
    static void start() {
        harness = new LedgerHarness();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        harness.close();
    }

    @BeforeEach
    void ledgerWithOldEvents() throws Exception {
        harness.reset();
        var events = new ArrayList<AuditEvent>();
        for (int i = 0; i < 60; i++) {
            Instant time = i < 20 ? NOW.minus(Duration.ofDays(40)) : i < 40 ? NOW.minus(Duration.ofDays(35)) : NOW;
            events.add(AuditEvent.builder("function.invoke")
                    .time(time.plusSeconds(i))
                    .success()
                    .build());
        }
        harness.publish(events);
        harness.project(LedgerHarness.fastSettings().withCheckpoints(10, Duration.ofHours(1)));
        retention = new AuditRetention(
                harness.dataSource,
                LedgerHarness.MAPPER,
                harness.signingKey,
                harness.signingKey.trustedKeys(),
                Clock.systemUTC());
        holds = new LegalHolds(harness.dataSource, Clock.systemUTC());
    }

    @Test
    void removesExpiredRowsAndTheChainStillVerifiesFromTheSignedBoundary() throws Exception {
        RetentionResult result = retention.apply(PERIOD);

        assertThat(result.deletedEvents()).isEqualTo(40);
        assertThat(result.boundary())
                .get()
                .satisfies(b -> assertThat(b.sequence()).isEqualTo(40));
        assertThat(harness.count("SELECT min(stream_seq) FROM audit_events")).isEqualTo(41);
        VerificationReport report = harness.verifier().verify();
        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.fromSequence()).isEqualTo(41);
        assertThat(report.rowsChecked()).isEqualTo(20);
        assertThat(retention.apply(PERIOD).deletedEvents()).isZero();
    }

    @Test
    void aLegalHoldStopsRemovalAtTheFirstHeldRowUntilReleased() throws Exception {
        LegalHold hold = holds.place(
                "case 4711", NOW.minus(Duration.ofDays(36)), NOW.minus(Duration.ofDays(34)), "legal@example.org");

        assertThat(retention.apply(PERIOD).deletedEvents()).isEqualTo(20);
        assertThat(harness.count("SELECT min(stream_seq) FROM audit_events")).isEqualTo(21);
        assertThat(harness.verifier().verify().firstBreak()).isEmpty();

        assertThat(holds.release(hold.id(), "legal@example.org")).isTrue();
        assertThat(retention.apply(PERIOD).deletedEvents()).isEqualTo(20);
        assertThat(harness.verifier().verify().firstBreak()).isEmpty();
        assertThat(holds.list())
                .singleElement()
                .satisfies(h -> assertThat(h.active()).isFalse());
    }

    @Test
    void aHoldOnTheOldestRowsKeepsEverything() throws Exception {
        holds.place("case 1", NOW.minus(Duration.ofDays(50)), NOW.minus(Duration.ofDays(39)), "legal@example.org");

        RetentionResult result = retention.apply(PERIOD);

        assertThat(result.deletedEvents()).isZero();
        assertThat(result.explanation()).contains("row 1");
        assertThat(harness.count("SELECT count(*) FROM audit_events")).isEqualTo(60);
    }

    @Test
    void refusesToRemoveRowsThatDoNotVerify() throws Exception {
        harness.tamper("UPDATE audit_events SET reason = 'rewritten' WHERE stream_seq = 7");

        assertThatThrownBy(() -> retention.apply(PERIOD))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("row 7");
        assertThat(harness.count("SELECT count(*) FROM audit_events")).isEqualTo(60);
    }

    @Test
    void aForgedBoundaryIsFound() throws Exception {
        retention.apply(PERIOD);

        harness.tamper(
                "ALTER TABLE retention_boundaries DISABLE TRIGGER USER",
                "UPDATE retention_boundaries SET deleted_events = 1",
                "ALTER TABLE retention_boundaries ENABLE TRIGGER USER");

        assertThat(harness.verifier().verify().firstBreak())
                .get()
                .extracting(BrokenLink::kind)
                .isEqualTo(BreakKind.BAD_SIGNATURE);
    }

    @Test
    void theRemovedRowsCannotBeBroughtBackUnnoticed() throws Exception {
        retention.apply(PERIOD);

        harness.tamper("DELETE FROM audit_events WHERE stream_seq = 41");

        assertThat(harness.verifier().verify().firstBreak()).get().satisfies(broken -> {
            assertThat(broken.kind()).isEqualTo(BreakKind.DELETED);
            assertThat(broken.sequence()).isEqualTo(41);
        });
    }
}
