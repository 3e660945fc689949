package io.faasioflex.platform.invoke;

import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiError;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.function.FunctionService;
import io.faasioflex.platform.function.FunctionSpec;
import io.faasioflex.platform.function.VersionedSpec;
import io.faasioflex.platform.security.CallContext;
import io.faasioflex.platform.security.Performed;
import io.faasioflex.policy.dlp.Direction;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Looks a function up, sends the invocation to a manager, and shapes the function's answer for the caller. */
@Singleton
final class InvocationService {

    private final FunctionService functions;
    private final DlpInspector dlp;
    private final Invoker invoker;
    private final JsonMapper json;
    private final long maxBodyBytes;

    InvocationService(
            FunctionService functions, DlpInspector dlp, Invoker invoker, JsonMapper json, PlatformSettings settings) {
        this.functions = functions;
        this.dlp = dlp;
        this.invoker = invoker;
        this.json = json;
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    /**
     * Invokes a function: looks it up and scans the body while the decision allowing the call is being acknowledged,
     * then waits for {@code decisionRecorded} before any function runs.
     */
    Performed<InvocationReply> invoke(
            String namespace,
            String name,
            CallContext caller,
            String contentType,
            byte[] body,
            Runnable decisionRecorded) {
        if (body.length > maxBodyBytes) {
            throw new ApiException(
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body_too_large",
                    "the body exceeds the limit of " + maxBodyBytes + " bytes");
        }
        VersionedSpec versioned = functions.get(namespace, name);
        FunctionSpec spec = versioned.spec();
        byte[] passed = dlp.inspect(Direction.REQUEST, spec, caller, body);
        decisionRecorded.run();
        InvocationReply reply =
                screen(spec, caller, invoker.invoke(versioned, caller.requestId(), contentType, passed));
        Target target = Target.function(spec.namespace(), spec.name(), spec.version());
        Map<String, String> details = Map.of(
                "status", Integer.toString(reply.status()),
                "instance", reply.instanceId(),
                "coldStart", Boolean.toString(reply.coldStart()));
        Outcome outcome = reply.failed() ? Outcome.FAILED : Outcome.SUCCESS;
        String reason = reply.failed() ? "function_" + reply.errorCode() : "";
        return new Performed<>(reply, outcome, reason, target, details, body.length, reply.body().length);
    }

    /** The function's answer as the caller may see it: a failure's description is the platform's, not data. */
    private InvocationReply screen(FunctionSpec spec, CallContext caller, InvocationReply reply) {
        if (reply.failed()) {
            return reply;
        }
        byte[] passed = dlp.inspect(Direction.RESPONSE, spec, caller, reply.body());
        return new InvocationReply(
                reply.status(),
                reply.contentType(),
                passed,
                reply.errorCode(),
                reply.instanceId(),
                reply.coldStart(),
                reply.durationMicros());
    }

    MutableHttpResponse<byte[]> toResponse(InvocationReply reply, String requestId) {
        byte[] body = reply.failed() ? errorBody(reply, requestId) : reply.body();
        String type = reply.failed() ? "application/json" : reply.contentType();
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(reply.status()))
                .body(body)
                .contentType(type);
        if (!reply.instanceId().isEmpty()) {
            response.header("X-Faas-Instance", reply.instanceId());
            response.header("X-Faas-Cold-Start", Boolean.toString(reply.coldStart()));
        }
        if (reply.errorCode().equals("capacity_exhausted")) {
            response.header("Retry-After", "1");
        }
        return response;
    }

    private byte[] errorBody(InvocationReply reply, String requestId) {
        ApiError error = new ApiError("function_" + reply.errorCode(), messageOf(reply), requestId);
        try {
            return json.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }

    /** The watchdog describes a failure as {"error":…,"message":…}; managers send plain text. */
    private String messageOf(InvocationReply reply) {
        String text = new String(reply.body(), StandardCharsets.UTF_8);
        try {
            JsonNode node = json.readValue(reply.body(), JsonNode.class);
            JsonNode message = node.get("message");
            if (message != null && message.isString()) {
                return message.getStringValue();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the text itself is the message
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
