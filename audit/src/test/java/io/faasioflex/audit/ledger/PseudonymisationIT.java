package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.audit.query.AuditFilter;
import io.faasioflex.audit.query.AuditPage;
import io.faasioflex.audit.query.AuditQuery;
import io.faasioflex.audit.query.AuditRecord;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Actors are stored sealed under per-subject keys; erasing a subject makes its events unreadable, not unverifiable. */
class PseudonymisationIT {

    private static LedgerHarness harness;
    private AuditQuery query;

    @BeforeAll
    static void start() {
        harness = new LedgerHarness();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        harness.close();
    }

    @BeforeEach
    void ledgerOfAliceAndBob() throws Exception {
        harness.reset();
        harness.publish(List.of(
                byActor("alice", "10.0.0.1"),
                byActor("bob", "10.0.0.2"),
                byActor("alice", "10.0.0.3"),
                byActor("", "192.0.2.9"),
                byActor("system:scaler", "")));
        harness.project(LedgerHarness.fastSettings());
        query = new AuditQuery(harness.dataSource, LedgerHarness.MAPPER, harness.keyring());
    }

    @Test
    void noPersonalFieldIsStoredInPlainText() throws Exception {
        assertThat(harness.count("SELECT count(*) FROM audit_events WHERE convert_from(document, 'UTF8') LIKE"
                        + " '%alice%' OR convert_from(document, 'UTF8') LIKE '%10.0.0.%'"))
                .isZero();
        assertThat(harness.count("SELECT count(DISTINCT actor_key_id) FROM audit_events"))
                .isEqualTo(4);

        List<AuditRecord> alice =
                query.page(AuditFilter.all().withActor("alice"), 0, 10).records();

        assertThat(alice).extracting(r -> r.event().actor().clientAddress()).containsExactly("10.0.0.1", "10.0.0.3");
        assertThat(alice)
                .allSatisfy(r -> assertThat(r.event().actor().subject()).isEqualTo("alice"));
        assertThat(query.page(AuditFilter.all().withActor("client:192.0.2.9"), 0, 10)
                        .records())
                .hasSize(1);
    }

    @Test
    void erasingASubjectLeavesItsEventsUnreadableAndTheChainIntact() throws Exception {
        assertThat(harness.keyring().eraseSubject("alice")).isPresent();

        assertThat(query.page(AuditFilter.all().withActor("alice"), 0, 10).records())
                .isEmpty();
        AuditPage all = query.page(AuditFilter.all(), 0, 10);
        assertThat(all.records())
                .filteredOn(AuditRecord::subjectErased)
                .hasSize(2)
                .allSatisfy(erased -> {
                    assertThat(erased.event().actor().subject()).isEmpty();
                    assertThat(erased.event().actor().clientAddress()).isEmpty();
                    assertThat(erased.event().actor().roles()).containsExactly("auditor");
                });
        assertThat(all.records())
                .filteredOn(r -> !r.subjectErased())
                .extracting(r -> r.event().actor().subject())
                .containsExactly("bob", "", "system:scaler");
        assertThat(harness.verifier().verify().firstBreak()).isEmpty();
        assertThat(harness.keyring().eraseSubject("alice")).isEmpty();
    }

    @Test
    void aSubjectActiveAgainAfterErasureGetsANewKey() throws Exception {
        String erasedKey = harness.keyring().eraseSubject("alice").orElseThrow();

        harness.publish(List.of(byActor("alice", "10.0.0.4")));
        harness.project(LedgerHarness.fastSettings());

        List<AuditRecord> alice =
                query.page(AuditFilter.all().withActor("alice"), 0, 10).records();
        assertThat(alice).singleElement().satisfies(record -> {
            assertThat(record.event().actor().clientAddress()).isEqualTo("10.0.0.4");
            assertThat(record.subjectKey()).isNotEqualTo(erasedKey);
        });
        assertThat(harness.verifier().verify().firstBreak()).isEmpty();
    }

    private static AuditEvent byActor(String subject, String address) {
        return AuditEvent.builder("audit.export")
                .actor(new Actor(subject, List.of("auditor"), address, subject.isEmpty() ? "none" : "jwt"))
                .target(Target.none())
                .outcome(Outcome.SUCCESS, "")
                .build();
    }
}
