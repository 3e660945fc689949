package io.faasioflex.platform.instance;

import io.faasioflex.platform.instance.UnixSocketHttpClient.Request;
import io.faasioflex.platform.instance.UnixSocketHttpClient.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Speaks the watchdog's protocol over its unix socket: {@code GET /healthz} and {@code POST /invoke}. */
final class WatchdogClient implements AutoCloseable {

    static final String ERROR_HEADER = "X-Faas-Error";
    static final String DURATION_HEADER = "X-Faas-Duration-Micros";
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private final UnixSocketHttpClient http;

    WatchdogClient(long maxBodyBytes) {
        this.http = new UnixSocketHttpClient(maxBodyBytes);
    }

    /** Whether the watchdog answers its health check with 200 now. */
    boolean healthy(Path socket) {
        try {
            return http.send(socket, Request.get("/healthz"), HEALTH_TIMEOUT).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends one invocation and waits at most {@code deadline} for the whole answer. */
    Outcome invoke(Path socket, Invocation invocation, Duration deadline) {
        long started = System.nanoTime();
        try {
            Response response = http.send(socket, request(invocation), deadline);
            return new Outcome.Answered(result(response, micros(started)));
        } catch (ConnectException e) {
            return new Outcome.NotDelivered(e);
        } catch (SocketTimeoutException e) {
            return new Outcome.TimedOut(micros(started));
        } catch (UnixSocketHttpClient.TooLargeException e) {
            return new Outcome.Answered(
                    InvocationResult.platformError(502, "too_large", e.getMessage(), micros(started)));
        } catch (ProtocolException e) {
            return new Outcome.Lost("the watchdog answered outside the protocol: " + e.getMessage(), micros(started));
        } catch (IOException e) {
            return new Outcome.Lost("the connection to the watchdog broke: " + e.getMessage(), micros(started));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private static Request request(Invocation invocation) {
        Map<String, String> headers = new HashMap<>();
        if (!invocation.contentType().isEmpty()) {
            headers.put("Content-Type", invocation.contentType());
        }
        if (!invocation.requestId().isEmpty()) {
            headers.put(REQUEST_ID_HEADER, invocation.requestId());
        }
        return Request.post("/invoke", headers, invocation.body());
    }

    private static InvocationResult result(Response response, long measuredMicros) {
        long micros = response.header(DURATION_HEADER)
                .flatMap(WatchdogClient::parseMicros)
                .orElse(measuredMicros);
        return new InvocationResult(
                response.status(),
                response.header("Content-Type").orElse(""),
                response.body(),
                response.header(ERROR_HEADER).orElse(""),
                micros,
                "",
                false);
    }

    private static java.util.Optional<Long> parseMicros(String value) {
        try {
            return java.util.Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000;
    }

    /** How an invocation ended at the socket. */
    sealed interface Outcome {

        /** The watchdog answered (which may be an error the watchdog reports). */
        record Answered(InvocationResult result) implements Outcome {}

        /** Nothing accepted the connection: the request never reached the watchdog, so it may be retried. */
        record NotDelivered(IOException cause) implements Outcome {}

        /** No complete answer within the platform's deadline. */
        record TimedOut(long micros) implements Outcome {}

        /** The exchange broke after the request may have been delivered. */
        record Lost(String reason, long micros) implements Outcome {}
    }
}
