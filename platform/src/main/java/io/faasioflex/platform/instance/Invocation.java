package io.faasioflex.platform.instance;

/**
 * One invocation handed to an instance.
 *
 * @param requestId identifies the request end to end; passed to the watchdog as {@code X-Request-Id}
 * @param body the request body, passed on byte for byte
 * @param contentType the request's content type; empty when the caller sent none
 */
public record Invocation(String requestId, byte[] body, String contentType) {

    public Invocation {
        requestId = requestId == null ? "" : requestId;
        body = body == null ? new byte[0] : body;
        contentType = contentType == null ? "" : contentType;
    }
}
