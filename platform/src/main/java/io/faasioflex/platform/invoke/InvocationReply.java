package io.faasioflex.platform.invoke;

/**
 * A function's answer as a manager sends it back over NATS.
 *
 * @param status the HTTP status to return
 * @param contentType the body's media type
 * @param body the function's output, byte for byte, or an error description when {@code errorCode} is set
 * @param errorCode empty on success; otherwise what failed ({@code exit}, {@code crash}, {@code timeout}, …)
 * @param instanceId the instance that served it, empty if none did
 * @param coldStart whether the instance was started for this invocation
 * @param durationMicros time the manager spent on it
 */
public record InvocationReply(
        int status,
        String contentType,
        byte[] body,
        String errorCode,
        String instanceId,
        boolean coldStart,
        long durationMicros) {

    public boolean failed() {
        return !errorCode.isEmpty();
    }

    /** A reply for an invocation that never reached a function. */
    public static InvocationReply error(int status, String errorCode, String message) {
        return new InvocationReply(
                status,
                "text/plain",
                message.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                errorCode,
                "",
                false,
                0);
    }
}
