package io.faasioflex.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Fluent construction of an {@link AuditEvent}; obtain one from {@link AuditEvent#builder(String)}.
 *
 * <p>The id defaults to a random UUID and the time to the moment the builder was created. The outcome has no
 * default: {@link #build()} refuses an event whose outcome was never stated.
 */
public final class AuditEventBuilder {

    private final String action;
    private final Map<String, Integer> findings = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private String id = UUID.randomUUID().toString();
    private Instant time = Instant.now();
    private Actor actor = Actor.anonymous("");
    private Target target = Target.none();
    private Outcome outcome;
    private String reason = "";
    private String requestId = "";
    private String decisionId = "";
    private long latencyMicros;
    private long requestBytes;
    private long responseBytes;
    private String emitter = "";

    AuditEventBuilder(String action) {
        if (!AuditEvent.isValidAction(action)) {
            throw new InvalidAuditEventException(
                    "action must be lower-case dotted words such as" + " 'function.register', got '" + action + "'");
        }
        this.action = action;
    }

    /** Replaces the generated id, for example to re-publish an event that was not acknowledged. */
    public AuditEventBuilder id(String id) {
        this.id = id;
        return this;
    }

    public AuditEventBuilder time(Instant time) {
        this.time = time;
        return this;
    }

    public AuditEventBuilder actor(Actor actor) {
        this.actor = actor;
        return this;
    }

    public AuditEventBuilder target(Target target) {
        this.target = target;
        return this;
    }

    public AuditEventBuilder outcome(Outcome outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
        return this;
    }

    public AuditEventBuilder success() {
        return outcome(Outcome.SUCCESS, "");
    }

    public AuditEventBuilder denied(String reason) {
        return outcome(Outcome.DENIED, reason);
    }

    public AuditEventBuilder failed(String reason) {
        return outcome(Outcome.FAILED, reason);
    }

    public AuditEventBuilder requestId(String requestId) {
        this.requestId = requestId;
        return this;
    }

    public AuditEventBuilder decisionId(String decisionId) {
        this.decisionId = decisionId;
        return this;
    }

    public AuditEventBuilder latency(Duration latency) {
        return latencyMicros(latency.toNanos() / 1_000);
    }

    public AuditEventBuilder latencyMicros(long latencyMicros) {
        this.latencyMicros = latencyMicros;
        return this;
    }

    /** Sizes of the request and response bodies in bytes. */
    public AuditEventBuilder sizes(long requestBytes, long responseBytes) {
        this.requestBytes = requestBytes;
        this.responseBytes = responseBytes;
        return this;
    }

    /** Adds {@code count} matches of the DLP finding {@code type} (never the matched value itself). */
    public AuditEventBuilder finding(String type, int count) {
        findings.merge(type, count, Integer::sum);
        return this;
    }

    public AuditEventBuilder findings(Map<String, Integer> findings) {
        findings.forEach(this::finding);
        return this;
    }

    /** Adds a small extra such as {@code http.method}; never payload content or a credential. */
    public AuditEventBuilder detail(String key, String value) {
        details.put(key, value);
        return this;
    }

    public AuditEventBuilder details(Map<String, String> details) {
        this.details.putAll(details);
        return this;
    }

    /** The platform instance emitting the event. */
    public AuditEventBuilder emitter(String emitter) {
        this.emitter = emitter;
        return this;
    }

    /**
     * Builds the event.
     *
     * @throws InvalidAuditEventException if no outcome was set or a value breaks a rule of {@link AuditEvent}
     */
    public AuditEvent build() {
        if (outcome == null) {
            throw new InvalidAuditEventException("outcome of action '" + action + "' was not set");
        }
        return new AuditEvent(
                id,
                time,
                actor,
                action,
                target,
                outcome,
                reason,
                requestId,
                decisionId,
                latencyMicros,
                requestBytes,
                responseBytes,
                findings,
                details,
                emitter);
    }
}
