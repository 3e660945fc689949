package io.faasioflex.platform.auditlog;

import io.faasioflex.audit.Target;
import io.faasioflex.audit.projection.ProjectionLag;
import io.faasioflex.audit.projection.ProjectionLagProbe;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.Performed;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Operational metrics in the Prometheus text format, for a scraper holding a token whose role policy allows
 * {@code metrics.read}.
 *
 * <p>TODO: move to Micrometer with invocation, instance and policy-decision meters once those are wanted.
 */
@Controller("/metrics")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "operations")
final class MetricsController {

    private static final Target METRICS = Target.of("metrics", "", "");

    private final ProjectionLagProbe lag;
    private final AuditedActions actions;

    MetricsController(ProjectionLagProbe lag, AuditedActions actions) {
        this.lag = lag;
        this.actions = actions;
    }

    @Get
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(summary = "Audit projection lag and positions in the Prometheus text format")
    String metrics(HttpRequest<?> request) {
        return actions.perform(
                request, "metrics.read", METRICS, () -> Performed.success(render(lag.measure()), METRICS));
    }

    private static String render(ProjectionLag lag) {
        return """
                # HELP faas_audit_projection_lag_events Audit events in the stream not yet in the PostgreSQL ledger.
                # TYPE faas_audit_projection_lag_events gauge
                faas_audit_projection_lag_events %d
                # HELP faas_audit_stream_last_sequence Last sequence of the AUDIT stream.
                # TYPE faas_audit_stream_last_sequence gauge
                faas_audit_stream_last_sequence %d
                # HELP faas_audit_projection_applied_sequence Last stream sequence written to the ledger.
                # TYPE faas_audit_projection_applied_sequence gauge
                faas_audit_projection_applied_sequence %d
                """.formatted(lag.events(), lag.streamLastSequence(), lag.appliedSequence());
    }
}
