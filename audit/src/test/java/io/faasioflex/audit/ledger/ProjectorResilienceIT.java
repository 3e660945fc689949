package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.projection.AuditProjector;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nothing lost, nothing doubled: the projection survives a killed projector and outages of PostgreSQL and NATS. */
class ProjectorResilienceIT {

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
    void aProjectorKilledMidBatchIsReplacedWithoutLossOrDuplicate() throws Exception {
        harness.publish(3_000);
        Process child = startProjectorProcess(50);
        try {
            LedgerHarness.await(Duration.ofSeconds(30), () -> applied() >= 600);
            harness.publish(500);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        long appliedAtKill = applied();

        AuditProjector successor = harness.projector(LedgerHarness.fastSettings());
        successor.start();
        harness.awaitProjected(Duration.ofSeconds(60));

        assertThat(appliedAtKill).isLessThan(3_500);
        assertExactlyOnce(3_500);
    }

    @Test
    void catchesUpAfterPostgresWasDown() throws Exception {
        AuditProjector projector = harness.projector(LedgerHarness.fastSettings());
        projector.start();
        harness.publish(200);
        harness.awaitProjected(Duration.ofSeconds(20));

        harness.postgres.stop();
        harness.publish(300);
        Thread.sleep(2_000);
        assertThat(projector.status().healthy()).isFalse();
        harness.postgres.restart();
        harness.awaitProjected(Duration.ofSeconds(30));

        assertExactlyOnce(500);
        LedgerHarness.await(Duration.ofSeconds(5), () -> projector.status().healthy());
    }

    @Test
    void catchesUpAfterNatsRestarted() throws Exception {
        AuditProjector projector = harness.projector(LedgerHarness.fastSettings());
        projector.start();
        harness.publish(200);

        harness.nats.restart();
        LedgerHarness.await(
                Duration.ofSeconds(10), () -> harness.connection.getStatus() == Connection.Status.CONNECTED);
        harness.publish(300);
        harness.awaitProjected(Duration.ofSeconds(30));

        assertExactlyOnce(500);
    }

    private static void assertExactlyOnce(long events) throws SQLException {
        assertThat(harness.count("SELECT count(*) FROM audit_events")).isEqualTo(events);
        assertThat(harness.count("SELECT count(DISTINCT event_id) FROM audit_events"))
                .isEqualTo(events);
        assertThat(harness.count("SELECT max(stream_seq) FROM audit_events")).isEqualTo(events);
        assertThat(harness.count("SELECT count(*) FROM rejected_messages")).isZero();
        assertThat(harness.verifier().verify().firstBreak()).isEmpty();
    }

    private static long applied() {
        try {
            return harness.count("SELECT applied_seq FROM projector_state");
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Process startProjectorProcess(int batchSize) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ProjectorMain.class.getName(),
                harness.nats.url(),
                harness.postgres.jdbcUrl(harness.database),
                harness.postgres.user(),
                harness.postgres.password(),
                harness.signingKey.privateKeyPkcs8Base64(),
                harness.pseudonymKeyBase64,
                "" + batchSize);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("target", "projector-child.log").toFile()))
                .start();
    }
}
