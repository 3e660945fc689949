package io.faasioflex.platform.invoke;

import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.api.DocumentedErrors;
import io.faasioflex.platform.api.ErrorCodes;
import io.faasioflex.platform.api.RequestIds;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.function.FunctionValidator;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.CallContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Invokes functions: the request body goes to the function unchanged and its body, status and type come back. */
@DocumentedErrors
@Controller("/functions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "invocations")
final class InvocationController {

    private final InvocationService invocations;
    private final AuditedActions actions;
    private final JsonMapper json;
    private final String defaultNamespace;

    InvocationController(
            InvocationService invocations, AuditedActions actions, JsonMapper json, PlatformSettings settings) {
        this.invocations = invocations;
        this.actions = actions;
        this.json = json;
        this.defaultNamespace = settings.defaultNamespace();
    }

    @Post("/{name}/invoke")
    @Consumes(MediaType.ALL)
    @Produces(MediaType.ALL)
    @Operation(summary = "Invoke a function with the request body as its input")
    HttpResponse<byte[]> invoke(
            HttpRequest<?> request,
            @PathVariable String name,
            @Nullable @QueryValue String namespace,
            @Nullable @Body byte[] body) {
        String ns = FunctionValidator.namespace(namespace, defaultNamespace);
        String contentType = request.getContentType().map(MediaType::toString).orElse("application/octet-stream");
        return run(request, ns, name, contentType, body == null ? new byte[0] : body);
    }

    @Post("/execute")
    @Operation(summary = "Invoke a function named in a JSON body: {\"name\": ..., \"payload\": ...}")
    HttpResponse<byte[]> execute(
            HttpRequest<?> request, @Nullable @QueryValue String namespace, @Body Execution execution) {
        if (execution.name() == null) {
            throw ApiException.badRequest("invalid_field", "name is required");
        }
        if (execution.namespace() != null
                && namespace != null
                && !execution.namespace().equals(namespace)) {
            throw ApiException.badRequest("invalid_field", "namespace in the body differs from ?namespace=");
        }
        String ns = FunctionValidator.namespace(
                execution.namespace() != null ? execution.namespace() : namespace, defaultNamespace);
        JsonNode payload = execution.payload() == null ? JsonNode.nullNode() : execution.payload();
        if (payload.isString()) {
            byte[] text = payload.getStringValue().getBytes(StandardCharsets.UTF_8);
            return run(request, ns, execution.name(), "text/plain; charset=utf-8", text);
        }
        return run(request, ns, execution.name(), "application/json", write(payload));
    }

    private HttpResponse<byte[]> run(
            HttpRequest<?> request, String namespace, String name, String contentType, byte[] body) {
        String requestId = RequestIds.of(request);
        // Checked before policy sees it, like the namespace: what reaches policy and the audit log is a name.
        FunctionValidator.requireName("name", name);
        Target target = Target.function(namespace, name, 0);
        InvocationReply reply = actions.performAlongside(
                request,
                "function.invoke",
                target,
                decisionRecorded -> invocations.invoke(
                        namespace, name, CallContext.of(request), contentType, body, decisionRecorded));
        if (reply.failed()) {
            ErrorCodes.record(request, "function_" + reply.errorCode());
        }
        return invocations.toResponse(reply, requestId);
    }

    private byte[] write(JsonNode payload) {
        try {
            return json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_field", "payload cannot be serialized");
        }
    }

    /** The body of {@code POST /functions/execute}. */
    @Serdeable
    record Execution(
            @Nullable String name,
            @Nullable String namespace,
            @Nullable JsonNode payload) {}
}
