package io.faasioflex.platform.security;

import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import java.util.Map;

/**
 * What an audited action produced: the value returned to the caller and the facts its audit event records.
 *
 * @param value what the API returns
 * @param outcome how the action ended; a function that failed still returns a value
 * @param reason why it failed, empty on success
 * @param target the target as known after the action (for example with the version it created)
 * @param details small facts for the event; never payload content or secrets
 * @param requestBytes size of the request body handled
 * @param responseBytes size of the response body produced
 */
public record Performed<T>(
        T value,
        Outcome outcome,
        String reason,
        Target target,
        Map<String, String> details,
        long requestBytes,
        long responseBytes) {

    public static <T> Performed<T> success(T value, Target target) {
        return new Performed<>(value, Outcome.SUCCESS, "", target, Map.of(), 0, 0);
    }
}
