package io.faasioflex.audit.query;

import io.faasioflex.audit.Outcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ledger rows a query or an export selects; every present criterion must hold.
 *
 * @param from events at or after this time
 * @param until events before this time
 * @param actor events of this actor subject ({@code client:<address>} for an anonymous caller); an erased subject
 *     matches nothing
 * @param action events with exactly this action, for example {@code function.invoke}
 * @param namespace events whose target is in this namespace
 * @param function events whose target is the function of this name
 * @param outcome events that ended this way
 * @param requestId events recorded for this API request
 */
public record AuditFilter(
        Optional<Instant> from,
        Optional<Instant> until,
        Optional<String> actor,
        Optional<String> action,
        Optional<String> namespace,
        Optional<String> function,
        Optional<Outcome> outcome,
        Optional<String> requestId) {

    public AuditFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** Selects every row. */
    public static AuditFilter all() {
        return new AuditFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** Events with {@code from <= time < until}. */
    public AuditFilter withTimeRange(Instant from, Instant until) {
        return new AuditFilter(
                Optional.of(from), Optional.of(until), actor, action, namespace, function, outcome, requestId);
    }

    public AuditFilter withActor(String subject) {
        return new AuditFilter(from, until, Optional.of(subject), action, namespace, function, outcome, requestId);
    }

    public AuditFilter withAction(String name) {
        return new AuditFilter(from, until, actor, Optional.of(name), namespace, function, outcome, requestId);
    }

    public AuditFilter withNamespace(String name) {
        return new AuditFilter(from, until, actor, action, Optional.of(name), function, outcome, requestId);
    }

    public AuditFilter withFunction(String name) {
        return new AuditFilter(from, until, actor, action, namespace, Optional.of(name), outcome, requestId);
    }

    public AuditFilter withOutcome(Outcome value) {
        return new AuditFilter(from, until, actor, action, namespace, function, Optional.of(value), requestId);
    }

    public AuditFilter withRequestId(String id) {
        return new AuditFilter(from, until, actor, action, namespace, function, outcome, Optional.of(id));
    }
}
