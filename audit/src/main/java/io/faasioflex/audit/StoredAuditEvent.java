package io.faasioflex.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An audit event as it sits in the stream.
 *
 * @param sequence the event's stream sequence: its position in the audit log's total order
 * @param event the event
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoredAuditEvent(long sequence, AuditEvent event) {}
