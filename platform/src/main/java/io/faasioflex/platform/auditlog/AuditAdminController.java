package io.faasioflex.platform.auditlog;

import io.faasioflex.audit.Target;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.faasioflex.audit.query.AuditExport;
import io.faasioflex.audit.query.AuditFilter;
import io.faasioflex.audit.query.ExportFormat;
import io.faasioflex.audit.retention.LegalHold;
import io.faasioflex.audit.retention.LegalHolds;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.api.DocumentedErrors;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.Performed;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.SerdeImport;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Export of the ledger, legal holds, and erasure of a subject's identity. */
@DocumentedErrors
@Controller("/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
@SerdeImport(LegalHold.class)
final class AuditAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(AuditAdminController.class);
    private static final int PIPE_BYTES = 64 * 1024;

    private final AuditExport export;
    private final LegalHolds holds;
    private final SubjectKeyring keyring;
    private final AuditedActions actions;

    AuditAdminController(AuditExport export, LegalHolds holds, SubjectKeyring keyring, AuditedActions actions) {
        this.export = export;
        this.holds = holds;
        this.keyring = keyring;
        this.actions = actions;
    }

    @Get("/export")
    @Operation(summary = "Stream the matching events as JSON Lines (jsonl), CSV (csv) or OCSF API Activity (ocsf)")
    HttpResponse<StreamedFile> export(
            HttpRequest<?> request, @Nullable @QueryValue String format, @RequestBean AuditFilters filters) {
        ExportFormat chosen = format(format);
        AuditFilter filter = filters.toFilter();
        Target scope = filters.scope();
        StreamedFile file =
                actions.perform(request, "audit.export", scope, () -> Performed.success(stream(filter, chosen), scope));
        return HttpResponse.ok(file)
                .header("Content-Disposition", "attachment; filename=audit." + chosen.fileExtension());
    }

    @Post("/legal-holds")
    @Operation(summary = "Place a legal hold: events in the range are kept whatever the retention period")
    @ApiResponse(
            responseCode = "201",
            description = "The hold",
            content = @Content(schema = @Schema(implementation = LegalHold.class)))
    HttpResponse<LegalHold> placeHold(HttpRequest<?> request, @Body HoldRequest hold) {
        if (hold.reason() == null
                || hold.reason().isBlank()
                || hold.from() == null
                || hold.until() == null
                || !hold.from().isBefore(hold.until())) {
            throw ApiException.badRequest("invalid_field", "a legal hold needs a reason and from before until");
        }
        LegalHold placed = actions.perform(
                request,
                "audit.hold",
                AuditLogController.AUDIT_LOG,
                () -> Performed.success(
                        holds.place(hold.reason(), hold.from(), hold.until(), subject(request)),
                        Target.of("legal-hold", "", "")));
        return HttpResponse.created(placed);
    }

    @Get("/legal-holds")
    @Operation(summary = "List legal holds, released ones included")
    List<LegalHold> listHolds(HttpRequest<?> request) {
        return actions.perform(
                request,
                "audit.read",
                AuditLogController.AUDIT_LOG,
                () -> Performed.success(holds.list(), AuditLogController.AUDIT_LOG));
    }

    @Delete("/legal-holds/{id}")
    @Operation(summary = "Release a legal hold")
    @ApiResponse(responseCode = "204", description = "Released")
    HttpResponse<Void> releaseHold(HttpRequest<?> request, @PathVariable String id) {
        actions.perform(request, "audit.hold", Target.of("legal-hold", "", id), () -> {
            if (!holds.release(id, subject(request))) {
                throw ApiException.notFound("hold_not_found", "no active legal hold " + id);
            }
            return Performed.success(null, Target.of("legal-hold", "", id));
        });
        return HttpResponse.noContent();
    }

    @Post("/erasures")
    @Operation(summary = "Erase a subject: destroys its key, so its events become unreadable; the chain still verifies")
    @ApiResponse(responseCode = "204", description = "Erased")
    HttpResponse<Void> erase(HttpRequest<?> request, @Body Erasure erasure) {
        if (erasure.subject() == null || erasure.subject().isBlank()) {
            throw ApiException.badRequest("invalid_field", "subject is required");
        }
        // The subject travels in the body and stays out of every event: recording it would undo the erasure.
        actions.perform(request, "audit.erase", Target.of("subject", "", ""), () -> {
            String key = keyring.eraseSubject(erasure.subject())
                    .orElseThrow(() -> ApiException.notFound("subject_not_found", "no audit events of that subject"));
            return new Performed<>(
                    null,
                    io.faasioflex.audit.Outcome.SUCCESS,
                    "",
                    Target.of("subject", "", ""),
                    java.util.Map.of("subjectKey", key),
                    0,
                    0);
        });
        return HttpResponse.noContent();
    }

    /** Writes the export on its own thread into a pipe the response reads, so no range is held in memory. */
    private StreamedFile stream(AuditFilter filter, ExportFormat format) {
        try {
            PipedInputStream in = new PipedInputStream(PIPE_BYTES);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread.ofVirtual().name("audit-export").start(() -> write(filter, format, out));
            return new StreamedFile(in, MediaType.of(format.contentType()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(AuditFilter filter, ExportFormat format, PipedOutputStream out) {
        try (out) {
            long rows = export.write(filter, format, out);
            LOG.info("audit export finished format={} rows={}", format, rows);
        } catch (IOException | RuntimeException e) {
            LOG.warn("audit export stopped early format={}", format, e);
        }
    }

    private static ExportFormat format(String format) {
        return switch (format == null ? "jsonl" : format.toLowerCase(Locale.ROOT)) {
            case "jsonl", "json" -> ExportFormat.JSON_LINES;
            case "csv" -> ExportFormat.CSV;
            case "ocsf" -> ExportFormat.OCSF;
            default -> throw ApiException.badRequest("invalid_field", "format must be jsonl, csv or ocsf");
        };
    }

    private static String subject(HttpRequest<?> request) {
        return request.getUserPrincipal().map(Principal::getName).orElse("");
    }

    /** The subject whose identity to erase from the ledger. */
    @Serdeable
    record Erasure(@Nullable String subject) {}

    /** A legal hold to place. */
    @Serdeable
    record HoldRequest(
            @Nullable String reason,
            @Nullable Instant from,
            @Nullable Instant until) {}
}
