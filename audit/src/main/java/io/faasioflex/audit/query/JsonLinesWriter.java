package io.faasioflex.audit.query;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.ledger.CanonicalJson;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One canonical JSON object per record and line. */
final class JsonLinesWriter implements RecordWriter {

    @Override
    public void write(Writer out, AuditRecord record) throws IOException {
        var line = new StringBuilder(512);
        CanonicalJson.append(line, toMap(record));
        out.write(line.append('\n').toString());
    }

    static Map<String, Object> toMap(AuditRecord record) {
        AuditEvent event = record.event();
        var map = new LinkedHashMap<String, Object>();
        map.put("sequence", record.sequence());
        map.put("id", event.id());
        map.put("time", DateTimeFormatter.ISO_INSTANT.format(event.time()));
        map.put(
                "actor",
                Map.of(
                        "subject", event.actor().subject(),
                        "roles", event.actor().roles(),
                        "clientAddress", event.actor().clientAddress(),
                        "authMethod", event.actor().authMethod(),
                        "subjectKey", record.subjectKey(),
                        "subjectErased", record.subjectErased()));
        map.put("action", event.action());
        map.put(
                "target",
                Map.of(
                        "kind", event.target().kind(),
                        "namespace", event.target().namespace(),
                        "name", event.target().name(),
                        "version", event.target().version()));
        map.put("outcome", event.outcome().name());
        map.put("reason", event.reason());
        map.put("requestId", event.requestId());
        map.put("decisionId", event.decisionId());
        map.put("latencyMicros", event.latencyMicros());
        map.put("requestBytes", event.requestBytes());
        map.put("responseBytes", event.responseBytes());
        map.put("findings", event.findings());
        map.put("details", event.details());
        map.put("emitter", event.emitter());
        map.put("hash", record.hash());
        return map;
    }
}
