package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.query.AuditExport;
import io.faasioflex.audit.query.AuditFilter;
import io.faasioflex.audit.query.AuditPage;
import io.faasioflex.audit.query.AuditQuery;
import io.faasioflex.audit.query.AuditRecord;
import io.faasioflex.audit.query.ExportFormat;
import io.micronaut.core.type.Argument;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filtered, paged queries and streamed exports over a ledger of 250 sample events and one awkward one. */
class AuditQueryIT {

    private static final int EVENTS = 250;
    private static LedgerHarness harness;
    private static List<AuditEvent> events;
    private static AuditQuery query;

    @BeforeAll
    static void ledger() throws Exception {
        harness = new LedgerHarness();
        harness.reset();
        events = new ArrayList<>(harness.publish(EVENTS));
        events.add(harness.publish(List.of(AuditEvent.builder("function.delete")
                        .denied("=HYPERLINK(\"http://example.invalid\"), \"quoted\"\nnext line")
                        .build()))
                .getFirst());
        harness.project(LedgerHarness.fastSettings());
        query = new AuditQuery(harness.dataSource, LedgerHarness.MAPPER, harness.keyring());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        harness.close();
    }

    @Test
    void pagesThroughEverythingInStreamOrderWithACursor() {
        var seen = new ArrayList<AuditRecord>();
        long cursor = 0;
        int pages = 0;
        while (true) {
            AuditPage page = query.page(AuditFilter.all(), cursor, 100);
            seen.addAll(page.records());
            pages++;
            if (page.nextCursor().isEmpty()) {
                break;
            }
            cursor = page.nextCursor().getAsLong();
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .extracting(r -> r.event().id())
                .containsExactlyElementsOf(events.stream().map(AuditEvent::id).toList());
        assertSameEvent(seen.getFirst().event(), events.getFirst());
    }

    @Test
    void filtersCombine() {
        AuditFilter filter = AuditFilter.all()
                .withAction("function.invoke")
                .withNamespace("team-1")
                .withFunction("fn-1")
                .withOutcome(Outcome.SUCCESS)
                .withTimeRange(
                        Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));

        List<AuditRecord> found = query.page(filter, 0, 1000).records();

        long expected = events.stream()
                .filter(e -> e.action().equals("function.invoke")
                        && e.target().namespace().equals("team-1")
                        && e.target().name().equals("fn-1")
                        && e.outcome() == Outcome.SUCCESS)
                .count();
        assertThat(found).hasSize((int) expected).isNotEmpty();
        assertThat(query.page(AuditFilter.all().withTimeRange(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)), 0, 10)
                        .records())
                .isEmpty();
        assertThat(query.page(AuditFilter.all().withActor("user-3"), 0, 1000).records())
                .hasSize(EVENTS / 5)
                .allSatisfy(r -> assertThat(r.event().actor().subject()).isEqualTo("user-3"));
    }

    @Test
    void findsOneEventById() {
        AuditEvent wanted = events.get(42);

        assertThat(query.byId(wanted.id())).get().satisfies(record -> {
            assertThat(record.sequence()).isEqualTo(43);
            assertSameEvent(record.event(), wanted);
        });
        assertThat(query.byId("no-such-event")).isEmpty();
    }

    @Test
    void exportsJsonLines() throws Exception {
        List<String> lines = export(ExportFormat.JSON_LINES, AuditFilter.all());

        assertThat(lines).hasSize(EVENTS + 1);
        Map<String, Object> first =
                LedgerHarness.MAPPER.readValue(lines.getFirst(), Argument.mapOf(String.class, Object.class));
        assertThat(first).containsEntry("id", events.getFirst().id()).containsKey("hash");
    }

    @Test
    void exportsCsvThatASpreadsheetCannotRun() throws Exception {
        String csv = String.join(
                "\n",
                export(
                        ExportFormat.CSV,
                        AuditFilter.all().withOutcome(Outcome.DENIED).withAction("function.delete")));

        assertThat(csv).startsWith("sequence,id,time,actor_subject");
        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\"), \"\"quoted\"\"\nnext line\",");
    }

    @Test
    void exportsOcsfApiActivity() throws Exception {
        List<String> lines = export(ExportFormat.OCSF, AuditFilter.all().withOutcome(Outcome.DENIED));

        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            Map<String, Object> ocsf = LedgerHarness.MAPPER.readValue(line, Argument.mapOf(String.class, Object.class));
            assertThat(ocsf)
                    .containsEntry("class_uid", 6003)
                    .containsEntry("category_uid", 6)
                    .containsEntry("status_id", 2)
                    .containsKeys(
                            "time", "actor", "api", "src_endpoint", "cloud", "metadata", "severity_id", "type_uid");
        });
        assertThat(lines.getLast()).contains("\"type_uid\":600304");
    }

    /** The ledger keeps times to the microsecond; everything else comes back as published. */
    private static void assertSameEvent(AuditEvent read, AuditEvent published) {
        assertThat(read).usingRecursiveComparison().ignoringFields("time").isEqualTo(published);
        assertThat(read.time()).isEqualTo(LedgerEntry.storedTime(published.time()));
    }

    private static List<String> export(ExportFormat format, AuditFilter filter) throws Exception {
        var out = new ByteArrayOutputStream();
        long written = new AuditExport(query).write(filter, format, out);
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines =
                format == ExportFormat.CSV ? List.of(text) : text.lines().toList();
        assertThat(written).isPositive();
        return lines;
    }
}
