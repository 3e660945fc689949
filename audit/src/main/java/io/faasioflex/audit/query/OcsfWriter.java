package io.faasioflex.audit.query;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.ledger.CanonicalJson;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OCSF 1.3 API Activity events (class 6003, category 6 Application Activity), one JSON object per line.
 *
 * <p>The activity comes from the action's last word (register, create → Create; get, list, read, export, verify →
 * Read; update, scale, release → Update; delete, remove, erase → Delete; anything else, such as invoke → Other). A
 * success is status Success and severity Informational; a denial is Failure, Medium; a failure is Failure, Low.
 * Fields OCSF has no place for go to {@code unmapped}.
 */
final class OcsfWriter implements RecordWriter {

    private static final int CLASS_UID = 6003;

    @Override
    public void write(Writer out, AuditRecord record) throws IOException {
        var line = new StringBuilder(1024);
        CanonicalJson.append(line, event(record));
        out.write(line.append('\n').toString());
    }

    static Map<String, Object> event(AuditRecord record) {
        AuditEvent event = record.event();
        Activity activity = Activity.of(event.action());
        var ocsf = new LinkedHashMap<String, Object>();
        ocsf.put("class_uid", CLASS_UID);
        ocsf.put("class_name", "API Activity");
        ocsf.put("category_uid", 6);
        ocsf.put("category_name", "Application Activity");
        ocsf.put("activity_id", activity.id);
        ocsf.put("activity_name", activity.label);
        ocsf.put("type_uid", CLASS_UID * 100 + activity.id);
        ocsf.put("type_name", "API Activity: " + activity.label);
        ocsf.put("time", event.time().toEpochMilli());
        ocsf.put("duration", event.latencyMicros() / 1_000);
        putOutcome(ocsf, event);
        ocsf.put("message", event.action() + " " + event.outcome().name().toLowerCase());
        ocsf.put("metadata", metadata(record));
        ocsf.put("actor", actor(record));
        ocsf.put(
                "api",
                Map.of(
                        "operation",
                        event.action(),
                        "request",
                        Map.of("uid", event.requestId()),
                        "service",
                        Map.of("name", "faasioflex")));
        ocsf.put(
                "src_endpoint",
                event.actor().clientAddress().isEmpty()
                        ? Map.of("name", "internal")
                        : Map.of("ip", event.actor().clientAddress()));
        ocsf.put("cloud", Map.of("provider", "FaaSioFlex"));
        ocsf.put("resources", resources(event));
        ocsf.put("unmapped", unmapped(record));
        return ocsf;
    }

    private static void putOutcome(Map<String, Object> ocsf, AuditEvent event) {
        boolean success = event.outcome() == Outcome.SUCCESS;
        int severity = switch (event.outcome()) {
            case SUCCESS -> 1;
            case FAILED -> 2;
            case DENIED -> 3;
        };
        ocsf.put("severity_id", severity);
        ocsf.put(
                "severity", List.of("Unknown", "Informational", "Low", "Medium").get(severity));
        ocsf.put("status_id", success ? 1 : 2);
        ocsf.put("status", success ? "Success" : "Failure");
        if (!event.reason().isEmpty()) {
            ocsf.put("status_detail", event.reason());
        }
    }

    private static Map<String, Object> metadata(AuditRecord record) {
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("version", "1.3.0");
        metadata.put("uid", record.event().id());
        metadata.put("sequence", record.sequence());
        metadata.put("log_name", "AUDIT");
        metadata.put("product", Map.of("name", "FaaSioFlex", "vendor_name", "FaaSioFlex"));
        if (!record.event().requestId().isEmpty()) {
            metadata.put("correlation_uid", record.event().requestId());
        }
        return metadata;
    }

    private static Map<String, Object> actor(AuditRecord record) {
        AuditEvent event = record.event();
        String subject = event.actor().subject();
        var user = subject.isEmpty()
                ? Map.<String, Object>of("name", record.subjectErased() ? "erased" : "anonymous")
                : Map.<String, Object>of("uid", subject, "name", subject);
        var actor = new LinkedHashMap<String, Object>();
        actor.put("user", user);
        if (!event.decisionId().isEmpty()) {
            String decision = event.outcome() == Outcome.DENIED ? "denied" : "allowed";
            actor.put(
                    "authorizations",
                    List.of(Map.of("decision", decision, "policy", Map.of("uid", event.decisionId()))));
        }
        return actor;
    }

    private static List<Object> resources(AuditEvent event) {
        if (event.target().kind().isEmpty()) {
            return List.of();
        }
        String uid = event.target().namespace().isEmpty()
                ? event.target().name()
                : event.target().namespace() + "/" + event.target().name();
        return List.of(Map.of(
                "type", event.target().kind(),
                "name", event.target().name(),
                "uid", uid,
                "group", Map.of("name", event.target().namespace()),
                "data", Map.of("version", event.target().version())));
    }

    private static Map<String, Object> unmapped(AuditRecord record) {
        AuditEvent event = record.event();
        var unmapped = new LinkedHashMap<String, Object>();
        unmapped.put("roles", event.actor().roles());
        unmapped.put("auth_method", event.actor().authMethod());
        unmapped.put("subject_erased", record.subjectErased());
        unmapped.put("latency_micros", event.latencyMicros());
        unmapped.put("request_bytes", event.requestBytes());
        unmapped.put("response_bytes", event.responseBytes());
        unmapped.put("dlp_findings", event.findings());
        unmapped.put("details", event.details());
        unmapped.put("emitter", event.emitter());
        unmapped.put("chain_hash", record.hash());
        return unmapped;
    }

    /** OCSF API Activity's activity ids. */
    private enum Activity {
        CREATE(1, "Create"),
        READ(2, "Read"),
        UPDATE(3, "Update"),
        DELETE(4, "Delete"),
        OTHER(99, "Other");

        private final int id;
        private final String label;

        Activity(int id, String label) {
            this.id = id;
            this.label = label;
        }

        static Activity of(String action) {
            String verb = action.substring(action.lastIndexOf('.') + 1);
            return switch (verb) {
                case "register", "create", "add", "deploy", "place" -> CREATE;
                case "get", "list", "read", "export", "query", "verify", "search" -> READ;
                case "update", "scale", "release", "pause", "resume", "rotate" -> UPDATE;
                case "delete", "remove", "erase", "purge" -> DELETE;
                default -> OTHER;
            };
        }
    }
}
