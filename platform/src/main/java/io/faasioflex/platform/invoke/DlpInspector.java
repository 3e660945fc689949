package io.faasioflex.platform.invoke;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.function.FunctionSpec;
import io.faasioflex.platform.security.CallContext;
import io.faasioflex.policy.PolicyUnavailableException;
import io.faasioflex.policy.dlp.Direction;
import io.faasioflex.policy.dlp.DlpContext;
import io.faasioflex.policy.dlp.DlpGuard;
import io.faasioflex.policy.dlp.DlpResult;
import io.micronaut.http.HttpStatus;
import io.nats.client.Connection;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-loss prevention on the invocation path: each body is scanned in Java, OPA decides from the finding types and
 * counts, and the body passes, is redacted, or is refused. A decision with findings is audited as types and counts
 * with its decision id, never the matched values; an alert also goes to {@code faas.alerts.warning}.
 */
@Singleton
final class DlpInspector {

    private static final Logger LOG = LoggerFactory.getLogger(DlpInspector.class);

    private final DlpGuard guard;
    private final AuditPublisher audit;
    private final Connection nats;
    private final String emitter;

    DlpInspector(DlpGuard guard, AuditPublisher audit, Connection nats, PlatformSettings settings) {
        this.guard = guard;
        this.audit = audit;
        this.nats = nats;
        this.emitter = settings.instanceId();
    }

    /** The body to pass on; refuses with 403 {@code dlp_blocked} naming the finding types. */
    byte[] inspect(Direction direction, FunctionSpec spec, CallContext caller, byte[] body) {
        DlpResult result = decide(direction, spec, caller, body);
        if (!result.findings().isEmpty()) {
            record(direction, spec, caller, result);
        }
        if (result.blocked()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "dlp_blocked",
                    "the " + direction.policyName() + " body holds data policy does not let through: "
                            + String.join(", ", result.verdict().types()));
        }
        return result.body();
    }

    private DlpResult decide(Direction direction, FunctionSpec spec, CallContext caller, byte[] body) {
        DlpContext context = new DlpContext(
                direction,
                spec.classification(),
                caller.actor().subject(),
                caller.actor().roles(),
                spec.namespace(),
                spec.name());
        try {
            return guard.inspect(context, body);
        } catch (PolicyUnavailableException e) {
            throw ApiException.unavailable("policy_unavailable", "the data-loss policy cannot decide; refused", e);
        }
    }

    private void record(Direction direction, FunctionSpec spec, CallContext caller, DlpResult result) {
        boolean blocked = result.blocked();
        AuditEvent event = AuditEvent.builder("dlp.decision")
                .actor(caller.actor())
                .target(Target.function(spec.namespace(), spec.name(), spec.version()))
                .outcome(blocked ? Outcome.DENIED : Outcome.SUCCESS, blocked ? "dlp_blocked" : "")
                .requestId(caller.requestId())
                .decisionId(result.decisionId())
                .findings(result.findings())
                .detail("direction", direction.policyName())
                .detail("action", result.action().name().toLowerCase(java.util.Locale.ROOT))
                .detail("alert", Boolean.toString(result.verdict().alert()))
                .emitter(emitter)
                .build();
        try {
            audit.publishAndAwait(event);
        } catch (AuditUnavailableException e) {
            throw ApiException.unavailable("audit_unavailable", "the audit log cannot record the DLP decision", e);
        }
        if (result.verdict().alert()) {
            alert(event);
        }
    }

    private void alert(AuditEvent event) {
        // TODO: the anomaly role will own alerts, their severities and subscriptions; this only announces them.
        String text = "{\"kind\":\"dlp\",\"event\":\"" + event.id() + "\",\"request\":\"" + event.requestId()
                + "\",\"types\":\"" + String.join(",", event.findings().keySet()) + "\"}";
        try {
            nats.publish("faas.alerts.warning", text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            LOG.warn("dlp alert not published request={}", event.requestId(), e);
        }
    }
}
