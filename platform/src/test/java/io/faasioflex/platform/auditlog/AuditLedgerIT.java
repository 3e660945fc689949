package io.faasioflex.platform.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compliance API over the PostgreSQL ledger that the projector role fills from the audit stream. */
class AuditLedgerIT {

    private static PlatformHarness platform;
    private static String developer;
    private static String auditor;
    private static ApiResponse invocation;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
        auditor = platform.token("audit@example.com", "auditor");
        platform.register(developer, Functions.echo("ledger-echo"));
        invocation = platform.post(
                "/functions/ledger-echo/invoke",
                developer,
                "secret payload".getBytes(StandardCharsets.UTF_8),
                "text/plain");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void projectedEventsOfARequestCanBeQueriedByAnAuditor() {
        List<Map<String, Object>> records = awaitRecords(invocation.requestId(), 3);

        assertThat(records)
                .extracting(r -> event(r).get("action"))
                .containsSubsequence("authz.decision", "function.invoke", "api.call");
        Map<String, Object> invoked = records.stream()
                .filter(r -> event(r).get("action").equals("function.invoke"))
                .findFirst()
                .orElseThrow();
        assertThat(actor(invoked)).containsEntry("subject", "dev@example.com");
        assertThat(invoked.get("hash").toString()).hasSize(64);
        assertThat(platform.get("/audit?requestId=" + invocation.requestId(), auditor)
                        .text())
                .doesNotContain("secret payload");
    }

    @Test
    void filtersSelectByActionOutcomeAndFunction() {
        awaitRecords(invocation.requestId(), 3);

        ApiResponse page =
                platform.get("/audit?action=function.invoke&outcome=success&function=ledger-echo&limit=10", auditor);

        assertThat(page.status()).isEqualTo(200);
        List<Map<String, Object>> records = records(page);
        assertThat(records)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(event(r)).containsEntry("action", "function.invoke"));
        ApiResponse badOutcome = platform.get("/audit?outcome=perhaps", auditor);
        assertThat(badOutcome.status()).isEqualTo(400);
    }

    @Test
    void auditorOfOneNamespaceReadsOnlyThatNamespace() {
        String teamAuditor = platform.token("team-a-auditor@example.com");
        ApiResponse teamFunction =
                platform.postJson("/functions?namespace=team-a", developer, Functions.echo("team-a-echo"));
        assertThat(teamFunction.status()).isEqualTo(201);
        awaitRecords(teamFunction.requestId(), 3);

        ApiResponse everything = platform.get("/audit", teamAuditor);
        ApiResponse otherTeam = platform.get("/audit?namespace=default", teamAuditor);
        ApiResponse ownTeam = platform.get("/audit?namespace=team-a", teamAuditor);

        assertThat(everything.status()).isEqualTo(403);
        assertThat(otherTeam.status()).isEqualTo(403);
        assertThat(ownTeam.status()).isEqualTo(200);
        assertThat(records(ownTeam))
                .allSatisfy(r -> assertThat(event(r).get("target").toString()).contains("namespace=team-a"));
        assertThat(platform.get("/audit/export?namespace=default", teamAuditor).status())
                .isEqualTo(403);
    }

    @Test
    void developerMayNotReadTheAuditLog() {
        assertThat(platform.get("/audit", developer).status()).isEqualTo(403);
    }

    @Test
    void oneEventCanBeReadByItsId() {
        Map<String, Object> first = awaitRecords(invocation.requestId(), 3).getFirst();
        String id = event(first).get("id").toString();

        ApiResponse response = platform.get("/audit/" + id, auditor);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains(id);
        assertThat(platform.get("/audit/no-such-event", auditor).status()).isEqualTo(404);
    }

    @Test
    void exportStreamsJsonLinesCsvAndOcsf() {
        awaitRecords(invocation.requestId(), 3);
        String filter = "&requestId=" + invocation.requestId();

        ApiResponse jsonl = platform.get("/audit/export?format=jsonl" + filter, auditor);
        ApiResponse csv = platform.get("/audit/export?format=csv" + filter, auditor);
        ApiResponse ocsf = platform.get("/audit/export?format=ocsf" + filter, auditor);

        assertThat(jsonl.status()).isEqualTo(200);
        assertThat(jsonl.text().lines()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(csv.text().lines().findFirst().orElse("")).contains("action");
        assertThat(ocsf.text()).contains("\"class_uid\":6003");
        assertThat(platform.get("/audit/export?format=xml", auditor).status()).isEqualTo(400);
    }

    @Test
    void verificationReportsAnIntactChainThenTheFirstAlteredRow() throws SQLException {
        awaitRecords(invocation.requestId(), 3);
        ApiResponse intact = platform.postJson("/audit/verify", auditor, "{}");
        assertThat(intact.status()).isEqualTo(200);
        assertThat(platform.json(intact)).containsEntry("intact", true);

        tamper("UPDATE audit_events SET outcome = 'DENIED' WHERE stream_seq = 2");
        ApiResponse broken = platform.postJson("/audit/verify", auditor, "{}");

        assertThat(broken.status()).isEqualTo(200);
        assertThat(platform.json(broken)).containsEntry("intact", false);
        assertThat(broken.text()).contains("\"sequence\":2", "ALTERED");
        tamper("UPDATE audit_events SET outcome = 'SUCCESS' WHERE stream_seq = 2");
    }

    @Test
    void verificationOfAnImpossibleRangeIsABadRequest() {
        assertThat(platform.postJson("/audit/verify", auditor, "{\"from\": 100, \"to\": 5}")
                        .status())
                .isEqualTo(400);
        assertThat(platform.postJson("/audit/verify", auditor, "{\"from\": 0}").status())
                .isEqualTo(400);
    }

    @Test
    void verificationOfARangeAfterTheLedgersLastRowIsABadRequest() {
        awaitRecords(invocation.requestId(), 3);

        for (String range : List.of("{\"from\": 2000, \"to\": 3000}", "{\"from\": 100000, \"to\": 100001}")) {
            ApiResponse response = platform.postJson("/audit/verify", auditor, range);

            assertThat(response.status()).as(range).isEqualTo(400);
            assertThat(platform.json(response)).as(range).containsEntry("code", "invalid_field");
            assertThat(platform.json(response).get("message").toString())
                    .as(range)
                    .contains("after the ledger's last row");
        }
        ApiResponse fromTheStart = platform.postJson("/audit/verify", auditor, "{\"from\": 1, \"to\": 100000}");
        assertThat(fromTheStart.status()).isEqualTo(200);
        assertThat(platform.json(fromTheStart).get("summary").toString()).startsWith("audit chain intact: rows 1..");
    }

    @Test
    void publicKeyIsPublishedForOfflineVerification() {
        ApiResponse key = platform.get("/audit/public-key", auditor);

        assertThat(key.status()).isEqualTo(200);
        assertThat(platform.json(key)).containsEntry("algorithm", "Ed25519").containsKey("key");
    }

    @Test
    void projectionLagIsAMetricForAdministratorsOnly() {
        String admin = platform.token("ops@example.com", "admin");

        ApiResponse metrics = platform.get("/metrics", admin);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).containsPattern("(?m)^faas_audit_projection_lag_events \\d+$");
        assertThat(platform.get("/metrics", auditor).status()).isEqualTo(403);
        assertThat(platform.get("/health", null).text()).contains("\"audit-ledger\"", "projection lag events=");
    }

    private static List<Map<String, Object>> awaitRecords(String requestId, int atLeast) {
        long deadline = System.currentTimeMillis() + 15_000;
        List<Map<String, Object>> records = List.of();
        while (System.currentTimeMillis() < deadline) {
            records = records(platform.get("/audit?requestId=" + requestId, auditor));
            if (records.size() >= atLeast) {
                return records;
            }
            pause();
        }
        throw new AssertionError("only " + records.size() + " events of request " + requestId + " projected");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(ApiResponse page) {
        return (List<Map<String, Object>>) platform.json(page).get("records");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(Map<String, Object> record) {
        return (Map<String, Object>) record.get("event");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> actor(Map<String, Object> record) {
        return (Map<String, Object>) event(record).get("actor");
    }

    /** Edits the ledger behind the platform's back, as someone with database access could. */
    private static void tamper(String sql) throws SQLException {
        var postgres = platform.postgres();
        try (Connection connection =
                        DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE audit_events DISABLE TRIGGER USER");
            statement.execute(sql);
            statement.execute("ALTER TABLE audit_events ENABLE TRIGGER USER");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
