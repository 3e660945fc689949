package io.faasioflex.platform.auditlog;

import io.faasioflex.audit.AuditStreamReader;
import io.faasioflex.audit.StoredAuditEvent;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.Performed;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/**
 * Reads the audit log for auditors, straight from the {@code AUDIT} stream, in stream order.
 *
 * <p>TODO: serve these reads, with filters and export, from the PostgreSQL projection once it exists.
 */
@Controller("/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
final class AuditLogController {

    private static final int MAX_LIMIT = 1000;

    private final AuditStreamReader reader;
    private final AuditedActions actions;

    AuditLogController(AuditStreamReader reader, AuditedActions actions) {
        this.reader = reader;
        this.actions = actions;
    }

    @Get
    @Operation(summary = "Audit events after a stream sequence, optionally of one request")
    AuditPage events(
            HttpRequest<?> request,
            @Nullable @QueryValue Long after,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue String requestId) {
        long from = (after == null ? 0 : after) + 1;
        int size = limit == null ? 100 : limit;
        if (from < 1 || size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_field", "after must be >= 0 and limit between 1 and " + MAX_LIMIT);
        }
        return actions.perform(request, "audit.read", Target.of("audit", "", ""), () -> {
            List<StoredAuditEvent> events =
                    requestId == null ? reader.read(from, size) : reader.readByRequestId(requestId, from, size);
            long next = events.isEmpty() ? from - 1 : events.getLast().sequence();
            return Performed.success(new AuditPage(events, next), Target.of("audit", "", ""));
        });
    }

    /** A page of events; {@code next} is the {@code after} of the following page. */
    @Serdeable
    record AuditPage(List<StoredAuditEvent> events, long next) {}
}
