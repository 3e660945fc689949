package io.faasioflex.platform.invoke;

import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.function.FunctionSpec;
import io.faasioflex.platform.function.VersionedSpec;
import io.micronaut.http.HttpStatus;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an invocation as a NATS request on the function's subject to the queue group of function managers and
 * waits for the reply.
 */
@Singleton
public final class Invoker {

    private final Connection nats;
    private final Duration grace;

    Invoker(Connection nats, PlatformSettings settings) {
        this.nats = nats;
        this.grace = settings.invokeGrace();
    }

    public InvocationReply invoke(VersionedSpec versioned, String requestId, String contentType, byte[] body) {
        FunctionSpec spec = versioned.spec();
        Message request = InvocationMessages.request(
                spec.namespace(), spec.name(), versioned.revision(), requestId, contentType, body);
        Duration wait = spec.timeout().plus(grace);
        try {
            Message reply = nats.requestWithTimeout(request, wait).get(wait.toMillis() + 500, TimeUnit.MILLISECONDS);
            return InvocationMessages.reply(reply);
        } catch (TimeoutException e) {
            throw new ApiException(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "function_timeout",
                    "no answer from a function manager within " + wait.toMillis() + " ms",
                    null,
                    e);
        } catch (CancellationException | ExecutionException | JetStreamStatusException e) {
            throw noManager(e, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted", "interrupted while waiting for the function", e);
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("nats_unavailable", "NATS is not connected", e);
        }
    }

    private static ApiException noManager(Exception e, Duration wait) {
        if (e.getCause() instanceof TimeoutException) {
            return new ApiException(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "function_timeout",
                    "no answer from a function manager within " + wait.toMillis() + " ms",
                    null,
                    e);
        }
        return ApiException.unavailable("no_manager", "no function manager answered; none may be running", e);
    }
}
