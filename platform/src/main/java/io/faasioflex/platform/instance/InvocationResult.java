package io.faasioflex.platform.instance;

import java.nio.charset.StandardCharsets;

/**
 * What an invocation produced.
 *
 * @param status the HTTP status to answer with: the function's own, or the watchdog's or the platform's on an error
 * @param contentType the response's content type; empty when none was given
 * @param body the response body, byte for byte as the function produced it; a small JSON object on an error
 * @param errorCode empty when the function answered; otherwise the watchdog's {@code X-Faas-Error} ({@code exit},
 *     {@code crash}, {@code upstream}, {@code timeout}, {@code too_large}, {@code start}) or the platform's ({@code timeout},
 *     {@code too_large}, {@code instance_lost}, {@code protocol})
 * @param durationMicros how long the function ran as the watchdog measured it, or the platform's round trip when the
 *     watchdog gave no figure
 * @param instanceId the instance that served the invocation
 * @param coldStart whether that instance was started for this invocation
 */
public record InvocationResult(
        int status,
        String contentType,
        byte[] body,
        String errorCode,
        long durationMicros,
        String instanceId,
        boolean coldStart) {

    public InvocationResult {
        contentType = contentType == null ? "" : contentType;
        body = body == null ? new byte[0] : body;
        errorCode = errorCode == null ? "" : errorCode;
        instanceId = instanceId == null ? "" : instanceId;
    }

    /** Whether the function itself answered, whatever its status. */
    public boolean ok() {
        return errorCode.isEmpty();
    }

    /** An error the platform raised itself, with a JSON body in the watchdog's shape. */
    static InvocationResult platformError(int status, String code, String message, long micros) {
        String json = "{\"error\":" + JsonText.quote(code) + ",\"message\":" + JsonText.quote(message) + "}";
        return new InvocationResult(
                status, "application/json", json.getBytes(StandardCharsets.UTF_8), code, micros, "", false);
    }

    /** The same result, attributed to an instance. */
    InvocationResult from(String instance, boolean cold) {
        return new InvocationResult(status, contentType, body, errorCode, durationMicros, instance, cold);
    }
}
