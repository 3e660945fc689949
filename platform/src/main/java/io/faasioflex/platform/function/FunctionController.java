package io.faasioflex.platform.function;

import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.api.DocumentedErrors;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.CallContext;
import io.faasioflex.platform.security.Performed;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** Registers, updates, lists, reads and deletes functions; every call goes through {@link AuditedActions}. */
@DocumentedErrors
@Controller("/functions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "functions")
final class FunctionController {

    private final FunctionService functions;
    private final AuditedActions actions;
    private final String defaultNamespace;

    FunctionController(FunctionService functions, AuditedActions actions, PlatformSettings settings) {
        this.functions = functions;
        this.actions = actions;
        this.defaultNamespace = settings.defaultNamespace();
    }

    @Post("/register")
    @Operation(summary = "Register the first version of a function")
    @ApiResponse(
            responseCode = "201",
            description = "The first version, with its ETag",
            content = @Content(schema = @Schema(implementation = VersionedSpec.class)))
    HttpResponse<VersionedSpec> register(
            HttpRequest<?> request, @Nullable @QueryValue String namespace, @Body FunctionRequest body) {
        return create(request, namespace, body);
    }

    @Post
    @Operation(summary = "Register the first version of a function (same as /functions/register)")
    @ApiResponse(
            responseCode = "201",
            description = "The first version, with its ETag",
            content = @Content(schema = @Schema(implementation = VersionedSpec.class)))
    HttpResponse<VersionedSpec> create(
            HttpRequest<?> request, @Nullable @QueryValue String namespace, @Body FunctionRequest body) {
        String chosen = namespaceOf(body, namespace);
        if (body.name() != null) {
            FunctionValidator.requireName("name", body.name());
        }
        Target target = Target.function(chosen, String.valueOf(body.name()), 0);
        VersionedSpec created = actions.perform(request, "function.register", target, () -> {
            VersionedSpec stored = functions.register(body, chosen, CallContext.of(request));
            return Performed.success(stored, versioned(stored));
        });
        return HttpResponse.created(created).header("ETag", created.etag());
    }

    @Put("/{name}")
    @Operation(summary = "Create a new immutable version of a function; honours If-Match")
    HttpResponse<VersionedSpec> update(
            HttpRequest<?> request,
            @PathVariable String name,
            @Nullable @QueryValue String namespace,
            @Nullable @Header("If-Match") String ifMatch,
            @Body FunctionRequest body) {
        String ns = namespaceOf(body, namespace);
        FunctionValidator.requireName("name", name);
        VersionedSpec updated = actions.perform(request, "function.update", Target.function(ns, name, 0), () -> {
            VersionedSpec stored = functions.update(ns, name, body, revisionOf(ifMatch), CallContext.of(request));
            return Performed.success(stored, versioned(stored));
        });
        return HttpResponse.ok(updated).header("ETag", updated.etag());
    }

    @Get
    @Operation(summary = "List the functions of a namespace")
    List<VersionedSpec> list(HttpRequest<?> request, @Nullable @QueryValue String namespace) {
        String ns = namespaceOr(namespace);
        // Reads change nothing and their data leaves only in the response, which waits for the decision anyway.
        return actions.performAlongside(request, "function.read", Target.of("function", ns, ""), decisionRecorded -> {
            return Performed.success(functions.list(ns), Target.of("function", ns, ""));
        });
    }

    @Get("/{name}")
    @Operation(summary = "Read the current version of a function")
    HttpResponse<VersionedSpec> get(
            HttpRequest<?> request, @PathVariable String name, @Nullable @QueryValue String namespace) {
        String ns = namespaceOr(namespace);
        Target target = Target.function(ns, FunctionValidator.requireName("name", name), 0);
        VersionedSpec found = actions.performAlongside(request, "function.read", target, decisionRecorded -> {
            VersionedSpec current = functions.get(ns, name);
            return Performed.success(current, versioned(current));
        });
        return HttpResponse.ok(found).header("ETag", found.etag());
    }

    @Delete("/{name}")
    @Operation(summary = "Delete a function and stop its instances; honours If-Match")
    @ApiResponse(responseCode = "204", description = "Deleted")
    HttpResponse<Void> delete(
            HttpRequest<?> request,
            @PathVariable String name,
            @Nullable @QueryValue String namespace,
            @Nullable @Header("If-Match") String ifMatch) {
        String ns = namespaceOr(namespace);
        FunctionValidator.requireName("name", name);
        actions.perform(request, "function.delete", Target.function(ns, name, 0), () -> {
            VersionedSpec deleted = functions.delete(ns, name, revisionOf(ifMatch));
            return Performed.success(null, versioned(deleted));
        });
        return HttpResponse.noContent();
    }

    /** The namespace a body and the query name together; they must agree when both do. */
    private String namespaceOf(FunctionRequest body, String query) {
        if (body.namespace() != null && query != null && !body.namespace().equals(query)) {
            throw ApiException.badRequest(
                    "invalid_field", "namespace " + body.namespace() + " in the body differs from ?namespace=" + query);
        }
        return body.namespace() != null
                ? FunctionValidator.requireName("namespace", body.namespace())
                : namespaceOr(query);
    }

    private String namespaceOr(String namespace) {
        return FunctionValidator.namespace(namespace, defaultNamespace);
    }

    private static Target versioned(VersionedSpec stored) {
        FunctionSpec spec = stored.spec();
        return Target.function(spec.namespace(), spec.name(), spec.version());
    }

    /** The revision a strong ETag from this API names; 0 when none was given. */
    private static long revisionOf(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return 0;
        }
        String etag = ifMatch.trim();
        try {
            if (etag.length() > 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
                long revision = Long.parseLong(etag.substring(1, etag.length() - 1));
                if (revision > 0) {
                    return revision;
                }
            }
        } catch (NumberFormatException e) {
            // not one of ours: refused below
        }
        throw new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid_if_match",
                "If-Match must be a strong ETag from this API, such as \"7\"");
    }
}
