package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.audit.verify.BreakKind;
import io.faasioflex.audit.verify.BrokenLink;
import io.faasioflex.audit.verify.LedgerRangeException;
import io.faasioflex.audit.verify.VerificationReport;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier finds every kind of tampering done directly in the database, by someone who can disable the ledger's
 * triggers and compute SHA-256 but does not hold the signing key. The ledger holds 60 events with a checkpoint
 * every 20 (at rows 20, 40 and 60).
 */
class AuditVerifierIT {

    private static final String ROW_COLUMNS = "event_time, actor_key_id, actor_sealed, actor_roles,"
            + " actor_auth_method, action, target_kind, target_namespace, target_name, target_version, outcome,"
            + " reason, request_id, decision_id, latency_micros, request_bytes, response_bytes, findings, details,"
            + " emitter";

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
    void ledgerOfSixtyEvents() throws Exception {
        harness.reset();
        harness.publish(60);
        AuditProjector projector =
                harness.projector(LedgerHarness.fastSettings().withCheckpoints(20, Duration.ofHours(1)));
        projector.start();
        harness.awaitProjected(Duration.ofSeconds(20));
        projector.close();
    }

    @Test
    void anUntouchedLedgerVerifies() {
        VerificationReport report = harness.verifier().verify();

        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.rowsChecked()).isEqualTo(60);
        assertThat(report.checkpointsChecked()).isEqualTo(4);
        assertThat(report.unsealedRows()).isZero();
    }

    @Test
    void anAlteredColumnIsFound() throws SQLException {
        harness.tamper("UPDATE audit_events SET outcome = 'SUCCESS', reason = '' WHERE stream_seq = 10");

        assertBroken(10, BreakKind.ALTERED);
        assertThat(harness.verifier().verify().summary()).startsWith("audit chain BROKEN at row 10 (ALTERED)");
    }

    @Test
    void anAlteredRowWithARecomputedHashIsFound() throws SQLException {
        harness.tamper(
                "UPDATE audit_events SET outcome = 'SUCCESS', document = convert_to(replace("
                        + "convert_from(document, 'UTF8'), '\"DENIED\"', '\"SUCCESS\"'), 'UTF8') WHERE stream_seq = 10",
                "UPDATE audit_events SET hash = sha256(prev_hash || document) WHERE stream_seq = 10");

        assertBroken(10, BreakKind.ALTERED);
    }

    @Test
    void aDeletedRowIsFound() throws SQLException {
        harness.tamper("DELETE FROM audit_events WHERE stream_seq = 30");

        assertBroken(30, BreakKind.DELETED);
    }

    @Test
    void aTruncatedTailIsFound() throws SQLException {
        harness.tamper("DELETE FROM audit_events WHERE stream_seq > 54");

        assertBroken(55, BreakKind.DELETED);
    }

    @Test
    void aRowInsertedInTheMiddleWithAValidHashIsFound() throws SQLException {
        harness.tamper(
                "UPDATE audit_events SET stream_seq = stream_seq + 1000000 WHERE stream_seq > 25",
                "UPDATE audit_events SET stream_seq = stream_seq - 999999 WHERE stream_seq > 1000000",
                forgedCopy(25, 26));

        assertBroken(26, BreakKind.INSERTED);
    }

    @Test
    void aRowAppendedWithAValidHashIsFound() throws SQLException {
        harness.tamper(forgedCopy(60, 61));

        assertBroken(61, BreakKind.INSERTED);
    }

    @Test
    void twoSwappedRowsAreFound() throws SQLException {
        harness.tamper(
                "UPDATE audit_events SET stream_seq = -1 WHERE stream_seq = 40",
                "UPDATE audit_events SET stream_seq = 40 WHERE stream_seq = 41",
                "UPDATE audit_events SET stream_seq = 41 WHERE stream_seq = -1");

        assertBroken(40, BreakKind.REORDERED);
    }

    @Test
    void aRemovedCheckpointIsFound() throws SQLException {
        harness.tamper("DELETE FROM checkpoints WHERE checkpoint_no = 3");

        assertBroken(60, BreakKind.MISSING_CHECKPOINT);
    }

    @Test
    void aForgedCheckpointSignatureIsFound() throws SQLException {
        harness.tamper("UPDATE checkpoints SET signature = sha256(signature) || sha256(signature)"
                + " WHERE checkpoint_no = 2");

        assertBroken(20, BreakKind.BAD_SIGNATURE);
    }

    @Test
    void checkpointsSignedByAnotherKeyAreRejected() {
        var verifier = new AuditVerifier(
                harness.dataSource,
                LedgerHarness.MAPPER,
                AuditSigningKey.generate().trustedKeys(),
                Optional.empty(),
                Clock.systemUTC());

        assertThat(verifier.verify().firstBreak())
                .get()
                .extracting(BrokenLink::kind)
                .isEqualTo(BreakKind.BAD_SIGNATURE);
    }

    @Test
    void aRangeIsVerifiedFromTheCheckpointBeforeIt() throws SQLException {
        harness.tamper("UPDATE audit_events SET reason = 'edited' WHERE stream_seq = 5");

        VerificationReport report = harness.verifier().verify(30, 45);

        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.fromSequence()).isEqualTo(21);
        assertThat(report.rowsChecked()).isEqualTo(25);
        assertThat(harness.verifier().verify(1, 10).firstBreak())
                .get()
                .extracting(BrokenLink::sequence)
                .isEqualTo(5L);
    }

    @Test
    void aRangeThatStartsAfterTheLastRowIsRefusedNotShiftedToOtherRows() {
        for (long[] range : new long[][] {{61, 61}, {2_000, 3_000}, {100_000, 100_001}}) {
            assertThatThrownBy(() -> harness.verifier().verify(range[0], range[1]))
                    .as("range %d..%d", range[0], range[1])
                    .isInstanceOf(LedgerRangeException.class)
                    .hasMessageContaining("row " + range[0])
                    .hasMessageContaining("last row 60");
        }
    }

    @Test
    void aRangeThatRunsPastTheLastRowIsVerifiedUpToIt() {
        VerificationReport report = harness.verifier().verify(50, 3_000);

        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.fromSequence()).isEqualTo(41);
        assertThat(report.rowsChecked()).isEqualTo(20);
    }

    @Test
    void aTruncatedTailIsFoundByARangeThatStartsInIt() throws SQLException {
        harness.tamper("DELETE FROM audit_events WHERE stream_seq > 54");

        VerificationReport report = harness.verifier().verify(58, 60);

        assertThat(report.intact()).isFalse();
    }

    @Test
    void theTriggersRefuseChangesWithoutBeingDisabled() {
        assertThatThrownBy(() -> harness.count("WITH d AS (DELETE FROM audit_events WHERE stream_seq = 3 RETURNING 1)"
                        + " SELECT count(*) FROM d"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> harness.count(
                        "WITH u AS (UPDATE checkpoints SET event_count = 0 RETURNING 1)" + " SELECT count(*) FROM u"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
    }

    private static void assertBroken(long sequence, BreakKind kind) {
        VerificationReport report = harness.verifier().verify();

        assertThat(report.intact()).isFalse();
        assertThat(report.firstBreak()).get().satisfies(broken -> {
            assertThat(broken.kind()).as(broken.detail()).isEqualTo(kind);
            assertThat(broken.sequence()).as(broken.detail()).isEqualTo(sequence);
        });
    }

    /** A copy of row {@code source} as a new event at {@code target}, chained after the row before it. */
    private static String forgedCopy(long source, long target) {
        return "INSERT INTO audit_events (stream_seq, event_id, " + ROW_COLUMNS + ", document, prev_hash, hash)"
                + " SELECT " + target + ", 'forged', " + ROW_COLUMNS + ", forged, tip, sha256(tip || forged) FROM ("
                + " SELECT r.*, r.hash AS tip, convert_to(replace(replace(convert_from(r.document, 'UTF8'),"
                + " '\"seq\":" + source + ",', '\"seq\":" + target + ",'), '\"id\":\"' || r.event_id || '\"',"
                + " '\"id\":\"forged\"'), 'UTF8') AS forged FROM audit_events r WHERE r.stream_seq = " + source
                + ") copy";
    }
}
