package io.faasioflex.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One audited action: an API call, a policy decision, a change to a function, an invocation, a scaling step.
 *
 * <p><strong>An event never carries payload content, tokens, passwords, keys or any other secret.</strong> It
 * records who did what to which resource, how it ended and how large it was; a DLP finding is recorded by type and
 * count, never by the value that matched. Whoever builds an event is responsible for keeping it that way, since the
 * audit stream cannot be purged or edited afterwards.
 *
 * <p>Absent text is the empty string and absent maps are empty, never {@code null}. Maps are kept sorted by key so
 * that the serialized form of an event is stable.
 *
 * @param id unique identifier (a UUID), also the JetStream message id that de-duplicates retried publishes
 * @param time when the action was decided or completed
 * @param actor who performed the action
 * @param action what was done, as lower-case dotted words, for example {@code function.register}; it becomes the
 *     subject {@code audit.<action>}
 * @param target the resource acted upon, {@link Target#none()} when there is none
 * @param outcome how the action ended
 * @param reason why it was denied or failed; may be empty
 * @param requestId identifier of the request that caused the action; empty for actions the platform starts itself
 * @param decisionId identifier of the policy decision behind the action; empty when no policy was consulted
 * @param latencyMicros how long the action took, in microseconds
 * @param requestBytes size of the request body in bytes
 * @param responseBytes size of the response body in bytes
 * @param findings DLP finding types and how often each matched
 * @param details small extras such as the HTTP method, path and status
 * @param emitter identifier of the platform instance that emitted the event
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEvent(
        String id,
        Instant time,
        Actor actor,
        String action,
        Target target,
        Outcome outcome,
        String reason,
        String requestId,
        String decisionId,
        long latencyMicros,
        long requestBytes,
        long responseBytes,
        Map<String, Integer> findings,
        Map<String, String> details,
        String emitter) {

    private static final Pattern ACTION = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    /** Checks the rules of the model and normalises absent values. */
    public AuditEvent {
        id = requireText("id", id);
        Objects.requireNonNull(time, "time");
        actor = actor == null ? Actor.anonymous("") : actor;
        action = requireAction(action);
        target = target == null ? Target.none() : target;
        Objects.requireNonNull(outcome, "outcome");
        reason = Texts.orEmpty(reason);
        requestId = Texts.orEmpty(requestId);
        decisionId = Texts.orEmpty(decisionId);
        requireNotNegative("latencyMicros", latencyMicros);
        requireNotNegative("requestBytes", requestBytes);
        requireNotNegative("responseBytes", responseBytes);
        findings = sortedCopy("findings", findings);
        findings.forEach((type, count) -> requireNotNegative("findings." + type, count));
        details = sortedCopy("details", details);
        emitter = Texts.orEmpty(emitter);
    }

    /** Starts an event for {@code action}, with a fresh id and the current time. */
    public static AuditEventBuilder builder(String action) {
        return new AuditEventBuilder(action);
    }

    /** Whether {@code action} is a valid action name: lower-case words of letters, digits, '-' or '_' joined by dots. */
    public static boolean isValidAction(String action) {
        return action != null && ACTION.matcher(action).matches();
    }

    private static String requireAction(String action) {
        if (!isValidAction(action)) {
            throw new InvalidAuditEventException(
                    "action must be lower-case dotted words such as" + " 'function.register', got '" + action + "'");
        }
        return action;
    }

    private static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidAuditEventException(field + " must not be empty");
        }
        return value;
    }

    private static void requireNotNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidAuditEventException(field + " must not be negative, got " + value);
        }
    }

    private static <V> Map<String, V> sortedCopy(String field, Map<String, V> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        var sorted = new TreeMap<String, V>();
        source.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new InvalidAuditEventException(field + " must not hold empty keys or null values");
            }
            sorted.put(key, value);
        });
        return Collections.unmodifiableMap(sorted);
    }
}
