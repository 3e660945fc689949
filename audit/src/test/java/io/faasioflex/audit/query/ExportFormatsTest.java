package io.faasioflex.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Target;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How one record looks in each export format. */
class ExportFormatsTest {

    private static final AuditRecord RECORD = new AuditRecord(
            5,
            AuditEvent.builder("function.register")
                    .actor(new Actor("@admin", List.of("admin"), "127.0.0.1", "jwt"))
                    .target(Target.function("ns", "fn", 2))
                    .denied("-1, or \"worse\"")
                    .decisionId("d-1")
                    .build(),
            "key-1",
            false,
            "ab");

    @Test
    void csvQuotesAndNeutralisesFormulaCells() throws Exception {
        var out = new StringWriter();
        var writer = new CsvWriter();

        writer.begin(out);
        writer.write(out, RECORD);

        String[] lines = out.toString().split("\r\n");
        assertThat(lines[0]).startsWith("sequence,id,");
        assertThat(lines[1])
                .startsWith("5,")
                .contains(",'@admin,admin,127.0.0.1,jwt,false,function.register,")
                .contains(",\"'-1, or \"\"worse\"\"\",")
                .endsWith(",ab");
    }

    @Test
    void ocsfMapsTheActionToAnApiActivity() throws Exception {
        var out = new StringWriter();

        new OcsfWriter().write(out, RECORD);

        assertThat(out.toString())
                .contains("\"class_uid\":6003")
                .contains("\"activity_id\":1")
                .contains("\"type_uid\":600301")
                .contains("\"status_id\":2")
                .contains("\"authorizations\":[{\"decision\":\"denied\",\"policy\":{\"uid\":\"d-1\"}}]")
                .contains("\"src_endpoint\":{\"ip\":\"127.0.0.1\"}")
                .endsWith("}\n");
    }

    @Test
    void jsonLinesWritesOneObjectPerLine() throws Exception {
        var out = new StringWriter();

        new JsonLinesWriter().write(out, RECORD);
        new JsonLinesWriter().write(out, RECORD);

        assertThat(out.toString().lines())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("{\"action\""));
    }
}
