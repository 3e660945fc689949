package io.faasioflex.platform.auditlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.query.AuditFilter;
import io.faasioflex.audit.query.AuditPage;
import io.faasioflex.audit.query.AuditQuery;
import io.faasioflex.audit.query.AuditRecord;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.audit.verify.BrokenLink;
import io.faasioflex.audit.verify.LedgerRangeException;
import io.faasioflex.audit.verify.VerificationReport;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.api.DocumentedErrors;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.Performed;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.SerdeImport;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The compliance API over the PostgreSQL ledger: queries, single events, chain verification, the public key. */
@DocumentedErrors
@Controller("/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
@SerdeImport(AuditRecord.class)
@SerdeImport(VerificationReport.class)
@SerdeImport(BrokenLink.class)
final class AuditLogController {

    static final Target AUDIT_LOG = Target.of("audit", "", "");

    private final AuditQuery query;
    private final AuditVerifier verifier;
    private final AuditSigningKey key;
    private final AuditedActions actions;

    AuditLogController(AuditQuery query, AuditVerifier verifier, AuditSigningKey key, AuditedActions actions) {
        this.query = query;
        this.verifier = verifier;
        this.key = key;
        this.actions = actions;
    }

    @Get
    @Operation(summary = "Audit events matching the filters, in stream order, a page at a time")
    Page events(
            HttpRequest<?> request,
            @Nullable @QueryValue Long after,
            @Nullable @QueryValue Integer limit,
            @RequestBean AuditFilters filters) {
        long cursor = after == null ? 0 : after;
        int size = limit == null ? 100 : limit;
        if (cursor < 0 || size < 1 || size > AuditQuery.MAX_PAGE) {
            throw ApiException.badRequest(
                    "invalid_field", "after must be >= 0 and limit between 1 and " + AuditQuery.MAX_PAGE);
        }
        AuditFilter filter = filters.toFilter();
        Target scope = filters.scope();
        return actions.perform(request, "audit.read", scope, () -> {
            AuditPage page = query.page(filter, cursor, size);
            long next = page.nextCursor().isPresent() ? page.nextCursor().getAsLong() : 0;
            return Performed.success(new Page(page.records(), next), scope);
        });
    }

    @Get("/{id}")
    @Operation(summary = "One audit event by its id (auditors of every namespace)")
    AuditRecord event(HttpRequest<?> request, @PathVariable String id) {
        return actions.perform(
                request,
                "audit.read",
                AUDIT_LOG,
                () -> Performed.success(
                        query.byId(id)
                                .orElseThrow(() -> ApiException.notFound("event_not_found", "no audit event " + id)),
                        AUDIT_LOG));
    }

    @Post("/verify")
    @Operation(summary = "Re-compute the hash chain and checkpoints over a range and report the first broken link")
    Verification verify(HttpRequest<?> request, @Nullable @Body VerifyRange range) {
        long from = range == null || range.from() == null ? 1 : range.from();
        long to = range == null || range.to() == null ? Long.MAX_VALUE : range.to();
        if (from < 1 || to < from) {
            throw ApiException.badRequest("invalid_field", "the range needs 1 <= from <= to, got " + from + ".." + to);
        }
        return actions.perform(request, "audit.verify", AUDIT_LOG, () -> {
            VerificationReport report = verifyRange(from, to);
            Outcome outcome = report.intact() ? Outcome.SUCCESS : Outcome.FAILED;
            String reason = report.intact() ? "" : "chain_broken";
            Verification verification = new Verification(report.intact(), report.summary(), report);
            return new Performed<>(verification, outcome, reason, AUDIT_LOG, java.util.Map.of(), 0, 0);
        });
    }

    @Get("/public-key")
    @Operation(summary = "The Ed25519 public key that verifies the ledger's signed checkpoints")
    PublicKey publicKey(HttpRequest<?> request) {
        return actions.perform(
                request,
                "audit.read",
                AUDIT_LOG,
                () -> Performed.success(
                        new PublicKey(
                                key.keyId(), "Ed25519", "X.509 SubjectPublicKeyInfo, Base64", key.publicKeyBase64()),
                        AUDIT_LOG));
    }

    /** A range the ledger does not hold is the caller's mistake, not a broken chain. */
    private VerificationReport verifyRange(long from, long to) {
        try {
            return verifier.verify(from, to);
        } catch (LedgerRangeException e) {
            throw ApiException.badRequest("invalid_field", e.getMessage());
        }
    }

    /** A page of ledger rows; pass {@code next} as {@code after} for the following page (0: no more). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Page(List<AuditRecord> records, long next) {}

    /** The stream sequences to verify; absent bounds mean the whole ledger. */
    @Serdeable
    record VerifyRange(@Nullable Long from, @Nullable Long to) {}

    /** The outcome of a verification: whether the chain is intact, one line for people, and the details. */
    @Serdeable
    record Verification(boolean intact, String summary, VerificationReport report) {}

    /** The checkpoint signing key's public half. */
    @Serdeable
    record PublicKey(String keyId, String algorithm, String encoding, String key) {}
}
