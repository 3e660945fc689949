package io.faasioflex.audit.query;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.ledger.CanonicalJson;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * RFC 4180 CSV: a header row, then one row per record, CRLF line ends. A text cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return gets a leading {@code '}, so that a spreadsheet opening the
 * export shows it instead of running it as a formula.
 */
final class CsvWriter implements RecordWriter {

    private static final List<String> HEADER = List.of(
            "sequence",
            "id",
            "time",
            "actor_subject",
            "actor_roles",
            "client_address",
            "auth_method",
            "subject_erased",
            "action",
            "target_kind",
            "target_namespace",
            "target_name",
            "target_version",
            "outcome",
            "reason",
            "request_id",
            "decision_id",
            "latency_micros",
            "request_bytes",
            "response_bytes",
            "findings",
            "details",
            "emitter",
            "hash");

    @Override
    public void begin(Writer out) throws IOException {
        out.write(String.join(",", HEADER) + "\r\n");
    }

    @Override
    public void write(Writer out, AuditRecord record) throws IOException {
        AuditEvent event = record.event();
        var row = new StringBuilder(512);
        row.append(record.sequence()).append(',');
        text(row, event.id());
        text(row, DateTimeFormatter.ISO_INSTANT.format(event.time()));
        text(row, event.actor().subject());
        text(row, String.join(";", event.actor().roles()));
        text(row, event.actor().clientAddress());
        text(row, event.actor().authMethod());
        row.append(record.subjectErased()).append(',');
        text(row, event.action());
        text(row, event.target().kind());
        text(row, event.target().namespace());
        text(row, event.target().name());
        row.append(event.target().version()).append(',');
        text(row, event.outcome().name());
        text(row, event.reason());
        text(row, event.requestId());
        text(row, event.decisionId());
        row.append(event.latencyMicros()).append(',');
        row.append(event.requestBytes()).append(',');
        row.append(event.responseBytes()).append(',');
        text(row, CanonicalJson.text(event.findings()));
        text(row, CanonicalJson.text(event.details()));
        text(row, event.emitter());
        row.append(record.hash()).append("\r\n");
        out.write(row.toString());
    }

    private static void text(StringBuilder row, String value) {
        String safe = neutralised(value);
        if (safe.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            row.append('"').append(safe.replace("\"", "\"\"")).append('"');
        } else {
            row.append(safe);
        }
        row.append(',');
    }

    private static String neutralised(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean formula =
                first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + value : value;
    }
}
