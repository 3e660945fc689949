package io.faasioflex.platform.auditlog;

import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.audit.query.AuditFilter;
import io.faasioflex.platform.api.ApiException;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The filters of {@code GET /audit} and {@code GET /audit/export}, bound from query parameters.
 *
 * @param from events at or after this instant (ISO-8601)
 * @param until events before this instant (ISO-8601)
 * @param actor the subject who acted
 * @param action the action, such as {@code function.invoke}
 * @param namespace the target's namespace
 * @param function the target function's name
 * @param outcome {@code success}, {@code denied} or {@code failed}
 * @param requestId the API request the events belong to
 */
@Introspected
record AuditFilters(
        @Nullable @QueryValue String from,
        @Nullable @QueryValue String until,
        @Nullable @QueryValue String actor,
        @Nullable @QueryValue String action,
        @Nullable @QueryValue String namespace,
        @Nullable @QueryValue String function,
        @Nullable @QueryValue String outcome,
        @Nullable @QueryValue String requestId) {

    /**
     * What the read covers, for policy: the namespace filtered on, or the whole log. An auditor bound to some
     * namespaces only must filter on one of them.
     */
    Target scope() {
        return Target.of("audit", namespace == null ? "" : namespace, "");
    }

    AuditFilter toFilter() {
        AuditFilter filter = AuditFilter.all();
        if (from != null || until != null) {
            filter = filter.withTimeRange(
                    from == null ? Instant.EPOCH : instant("from", from),
                    until == null ? Instant.parse("9999-12-31T00:00:00Z") : instant("until", until));
        }
        filter = actor == null ? filter : filter.withActor(actor);
        filter = action == null ? filter : filter.withAction(action);
        filter = namespace == null ? filter : filter.withNamespace(namespace);
        filter = function == null ? filter : filter.withFunction(function);
        filter = outcome == null ? filter : filter.withOutcome(outcome(outcome));
        return requestId == null ? filter : filter.withRequestId(requestId);
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "invalid_field", field + " must be an ISO-8601 instant such as " + "2026-12-04T10:00:00Z");
        }
    }

    private static Outcome outcome(String value) {
        try {
            return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "outcome must be success, denied or failed");
        }
    }
}
