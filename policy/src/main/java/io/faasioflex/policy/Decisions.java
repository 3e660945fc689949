package io.faasioflex.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** What both engines share: entry point checks, JSON, and turning a policy result into a decision. */
final class Decisions {

    /** Non-ASCII characters are escaped so the bytes handed to OPA never depend on a charset. */
    static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final Pattern ENTRYPOINT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private Decisions() {}

    /** Rejects anything but a rule path, so an entry point can never rewrite the OPA server's URL. */
    static String requireEntrypoint(String entrypoint) {
        Objects.requireNonNull(entrypoint, "entrypoint");
        if (!ENTRYPOINT.matcher(entrypoint).matches()) {
            throw new IllegalArgumentException(
                    "entrypoint '" + entrypoint + "' is not a slash-separated rule path like faas/authz/decision");
        }
        return entrypoint;
    }

    static String newDecisionId() {
        return UUID.randomUUID().toString();
    }

    static String toJson(Object document, String entrypoint) {
        Objects.requireNonNull(document, "input");
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new PolicyException("input for entrypoint " + entrypoint + " cannot be written as JSON", e);
        }
    }

    /**
     * Turns the value an entry point produced into a decision. An undefined or non-object result means the
     * policy is broken or missing, which must never read as a denial the caller can act on, nor as an allow.
     */
    static PolicyDecision fromResult(String entrypoint, JsonNode result, String decisionId) {
        if (result == null || result.isMissingNode() || result.isNull()) {
            throw new PolicyUnavailableException("entrypoint " + entrypoint + " is undefined: no policy answered");
        }
        if (!result.isObject()) {
            throw new PolicyUnavailableException("entrypoint " + entrypoint + " returned "
                    + result.getNodeType().name().toLowerCase() + ", expected an object");
        }
        var allow = result.path("allow");
        var reason = result.path("reason");
        return new PolicyDecision(
                allow.isBoolean() && allow.booleanValue(),
                reason.isTextual() ? reason.textValue() : "",
                decisionId,
                JSON.convertValue(result, OBJECT));
    }
}
