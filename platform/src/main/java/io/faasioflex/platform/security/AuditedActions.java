package io.faasioflex.platform.security;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.api.PendingAudit;
import io.faasioflex.platform.api.RequestIds;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.policy.AccessRequest;
import io.faasioflex.policy.AccessRequest.ScopedRole;
import io.faasioflex.policy.PolicyDecision;
import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every API action takes: policy decides, the decision is recorded, the action runs, its outcome is
 * recorded. A refusal by policy or an unreachable policy engine never lets the action run, and no response leaves
 * before every one of these events is acknowledged by JetStream ({@link PendingAudit}, awaited by the API-call
 * filter). {@link #perform} starts the work once its decision is acknowledged; {@link #performAlongside} lets the work
 * prepare (look things up, scan the body) while the acknowledgement is in flight, and the work waits for it before it
 * changes anything or sends data anywhere but into the response.
 */
@Singleton
public final class AuditedActions {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedActions.class);

    private final PolicyEngine policy;
    private final AuditPublisher audit;
    private final String emitter;

    AuditedActions(PolicyEngine policy, AuditPublisher audit, PlatformSettings settings) {
        this.policy = policy;
        this.audit = audit;
        this.emitter = settings.instanceId();
    }

    /**
     * Performs {@code action} on {@code target} for the caller of {@code request} once the decision allowing it is
     * acknowledged.
     *
     * @throws ApiException 403 when policy refuses, 503 when policy or audit are unavailable, or whatever the work
     *     throws (recorded as a failed action)
     */
    public <T> T perform(HttpRequest<?> request, String action, Target target, Supplier<Performed<T>> work) {
        return run(request, action, target, decisionRecorded -> work.get(), true);
    }

    /**
     * Performs {@code action} like {@link #perform}, but starts the work while the decision is being acknowledged; the
     * work calls {@link PreparedWork#run its argument} before it acts.
     *
     * @throws ApiException as {@link #perform}
     */
    public <T> T performAlongside(HttpRequest<?> request, String action, Target target, PreparedWork<T> work) {
        return run(request, action, target, work, false);
    }

    private <T> T run(
            HttpRequest<?> request, String action, Target target, PreparedWork<T> work, boolean decisionFirst) {
        Actor actor = Actors.of(request);
        String requestId = RequestIds.of(request);
        PendingAudit pending = PendingAudit.of(request);
        PolicyDecision decision = decide(actor, Actors.scopedRoles(request), action, target, requestId);
        AuditEvent decided = decisionEvent(
                actor, action, target, requestId, decision.decisionId(), Outcome.SUCCESS, decision.reason());
        Runnable decisionRecorded;
        if (decisionFirst) {
            record(decided);
            decisionRecorded = () -> {};
        } else {
            CompletableFuture<Void> acknowledged = guarded(decided, () -> pending.publish(audit, decided));
            decisionRecorded = () -> guarded(decided, () -> {
                AuditPublisher.awaitAcknowledgement(decided, acknowledged, audit.ackTimeout());
                return null;
            });
        }
        long started = System.nanoTime();
        Performed<T> performed;
        try {
            performed = work.run(decisionRecorded);
        } catch (ApiException e) {
            record(failure(actor, action, target, requestId, decision, e.code(), started));
            throw e;
        } catch (RuntimeException e) {
            record(failure(actor, action, target, requestId, decision, "internal_error", started));
            throw e;
        }
        AuditEvent outcome = outcome(actor, action, requestId, decision, performed, started);
        guarded(outcome, () -> pending.publish(audit, outcome));
        return performed.value();
    }

    private PolicyDecision decide(
            Actor actor, List<ScopedRole> scopedRoles, String action, Target target, String requestId) {
        PolicyDecision decision;
        try {
            decision = policy.authorize(new AccessRequest(
                    actor.subject(),
                    actor.roles(),
                    action,
                    new AccessRequest.Resource(target.kind(), target.namespace(), target.name()),
                    scopedRoles));
        } catch (PolicyUnavailableException e) {
            LOG.warn("policy unavailable, refusing action={} request={}", action, requestId, e);
            recordQuietly(decisionEvent(actor, action, target, requestId, "", Outcome.FAILED, "policy_unavailable"));
            throw ApiException.unavailable("policy_unavailable", "the policy engine cannot decide; refused", e);
        }
        if (!decision.allowed()) {
            record(decisionEvent(
                    actor, action, target, requestId, decision.decisionId(), Outcome.DENIED, decision.reason()));
            LOG.info(
                    "denied action={} subject={} request={} decision={}",
                    action,
                    actor.subject(),
                    requestId,
                    decision.decisionId());
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "not allowed: " + decision.reason());
        }
        return decision;
    }

    private AuditEvent decisionEvent(
            Actor actor,
            String action,
            Target target,
            String requestId,
            String decisionId,
            Outcome outcome,
            String reason) {
        return AuditEvent.builder("authz.decision")
                .actor(actor)
                .target(target)
                .outcome(outcome, reason)
                .requestId(requestId)
                .decisionId(decisionId)
                .detail("action", action)
                .emitter(emitter)
                .build();
    }

    private AuditEvent failure(
            Actor actor,
            String action,
            Target target,
            String requestId,
            PolicyDecision decision,
            String reason,
            long started) {
        return AuditEvent.builder(action)
                .actor(actor)
                .target(target)
                .outcome(Outcome.FAILED, reason)
                .requestId(requestId)
                .decisionId(decision.decisionId())
                .latencyMicros(micros(started))
                .emitter(emitter)
                .build();
    }

    private AuditEvent outcome(
            Actor actor,
            String action,
            String requestId,
            PolicyDecision decision,
            Performed<?> performed,
            long started) {
        return AuditEvent.builder(action)
                .actor(actor)
                .target(performed.target())
                .outcome(performed.outcome(), performed.reason())
                .requestId(requestId)
                .decisionId(decision.decisionId())
                .latencyMicros(micros(started))
                .sizes(performed.requestBytes(), performed.responseBytes())
                .details(performed.details())
                .emitter(emitter)
                .build();
    }

    private void record(AuditEvent event) {
        guarded(event, () -> {
            audit.publishAndAwait(event);
            return null;
        });
    }

    private static <R> R guarded(AuditEvent event, Supplier<R> publishing) {
        try {
            return publishing.get();
        } catch (AuditUnavailableException e) {
            LOG.error("audit unavailable, refusing action={} request={}", event.action(), event.requestId(), e);
            throw ApiException.unavailable("audit_unavailable", "the audit log cannot record this action; refused", e);
        }
    }

    private void recordQuietly(AuditEvent event) {
        try {
            audit.publishAndAwait(event);
        } catch (AuditUnavailableException e) {
            LOG.debug("could not record event action={} request={}", event.action(), event.requestId(), e);
        }
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000;
    }

    /** Work that prepares while its decision is being acknowledged. */
    @FunctionalInterface
    public interface PreparedWork<T> {

        /**
         * Runs the work.
         *
         * @param decisionRecorded returns once the decision allowing the work is acknowledged, and throws 503
         *     otherwise; call it before changing anything or sending data anywhere but into the response
         */
        Performed<T> run(Runnable decisionRecorded);
    }
}
