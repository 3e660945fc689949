package io.faasioflex.platform.invoke;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

/** The wire format of an invocation on {@code faas.invoke.<namespace>.<name>}: headers carry metadata, data the body. */
final class InvocationMessages {

    static final String SUBJECT_PREFIX = "faas.invoke.";
    static final String QUEUE_GROUP = "faas-managers";

    private static final String REQUEST_ID = "Faas-Request-Id";
    private static final String REVISION = "Faas-Revision";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String STATUS = "Faas-Status";
    private static final String ERROR = "Faas-Error";
    private static final String INSTANCE = "Faas-Instance";
    private static final String COLD_START = "Faas-Cold-Start";
    private static final String DURATION = "Faas-Duration-Micros";

    private InvocationMessages() {}

    static Message request(
            String namespace, String name, long revision, String requestId, String contentType, byte[] body) {
        Headers headers = new Headers()
                .put(REQUEST_ID, requestId)
                .put(REVISION, Long.toString(revision))
                .put(CONTENT_TYPE, contentType);
        return NatsMessage.builder()
                .subject(SUBJECT_PREFIX + namespace + "." + name)
                .headers(headers)
                .data(body)
                .build();
    }

    static String requestId(Message message) {
        return header(message, REQUEST_ID, "");
    }

    static long revision(Message message) {
        return Long.parseLong(header(message, REVISION, "0"));
    }

    static String contentType(Message message) {
        return header(message, CONTENT_TYPE, "application/octet-stream");
    }

    static Headers replyHeaders(InvocationReply reply) {
        return new Headers()
                .put(STATUS, Integer.toString(reply.status()))
                .put(CONTENT_TYPE, reply.contentType())
                .put(ERROR, reply.errorCode())
                .put(INSTANCE, reply.instanceId())
                .put(COLD_START, Boolean.toString(reply.coldStart()))
                .put(DURATION, Long.toString(reply.durationMicros()));
    }

    static InvocationReply reply(Message message) {
        return new InvocationReply(
                Integer.parseInt(header(message, STATUS, "502")),
                header(message, CONTENT_TYPE, "application/octet-stream"),
                message.getData() == null ? new byte[0] : message.getData(),
                header(message, ERROR, ""),
                header(message, INSTANCE, ""),
                Boolean.parseBoolean(header(message, COLD_START, "false")),
                Long.parseLong(header(message, DURATION, "0")));
    }

    private static String header(Message message, String name, String fallback) {
        if (!message.hasHeaders()) {
            return fallback;
        }
        String value = message.getHeaders().getFirst(name);
        return value == null ? fallback : value;
    }
}
