package io.faasioflex.audit.ledger;

import io.faasioflex.audit.AuditEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical stored form of a ledger row: the bytes the hash chain covers.
 *
 * <p>Version 1 is the {@link CanonicalJson canonical JSON} of this object (members shown in their sorted order):
 *
 * <pre>
 * {"action":…, "actor":{"authMethod":…,"roles":[…],"sealed":"&lt;Base64 of the sealed personal fields&gt;",
 *  "subjectKey":"&lt;key id&gt;"}, "decisionId":…, "details":{…}, "emitter":…, "findings":{…}, "id":…,
 *  "latencyMicros":n, "outcome":"SUCCESS|DENIED|FAILED", "reason":…, "requestBytes":n, "requestId":…,
 *  "responseBytes":n, "seq":n, "target":{"kind":…,"name":…,"namespace":…,"version":n},
 *  "time":"yyyy-MM-ddTHH:mm:ss.ffffffZ", "v":1}
 * </pre>
 *
 * <p>The form holds the stream sequence, so a row moved to another position no longer matches its hash, and the
 * ciphertext of the personal fields, never their plain text, so erasing a subject's key leaves every hash valid. The
 * projector stores these bytes in {@code audit_events.document}; the verifier rebuilds them from the row's columns
 * and requires both to be equal, so an edit of either a column or the document is found.
 */
public final class CanonicalForm {

    /** The version written into every form. */
    public static final int VERSION = 1;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CanonicalForm() {}

    /** The canonical bytes of {@code entry}. */
    public static byte[] of(LedgerEntry entry) {
        AuditEvent event = entry.event();
        var form = new LinkedHashMap<String, Object>();
        form.put("v", VERSION);
        form.put("seq", entry.sequence());
        form.put("id", event.id());
        form.put("time", TIME.format(event.time()));
        form.put("actor", actor(entry));
        form.put("action", event.action());
        form.put("target", target(event));
        form.put("outcome", event.outcome().name());
        form.put("reason", event.reason());
        form.put("requestId", event.requestId());
        form.put("decisionId", event.decisionId());
        form.put("latencyMicros", event.latencyMicros());
        form.put("requestBytes", event.requestBytes());
        form.put("responseBytes", event.responseBytes());
        form.put("findings", event.findings());
        form.put("details", event.details());
        form.put("emitter", event.emitter());
        return CanonicalJson.bytes(form);
    }

    private static Map<String, Object> actor(LedgerEntry entry) {
        return Map.of(
                "subjectKey", entry.pseudonym().keyId(),
                "sealed", entry.pseudonym().sealedBase64(),
                "roles", entry.event().actor().roles(),
                "authMethod", entry.event().actor().authMethod());
    }

    private static Map<String, Object> target(AuditEvent event) {
        return Map.of(
                "kind", event.target().kind(),
                "namespace", event.target().namespace(),
                "name", event.target().name(),
                "version", event.target().version());
    }
}
