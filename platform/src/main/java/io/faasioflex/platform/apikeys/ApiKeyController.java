package io.faasioflex.platform.apikeys;

import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.DocumentedErrors;
import io.faasioflex.platform.security.Actors;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.Performed;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

/**
 * Creates, lists, reads and revokes API keys, each call through {@link AuditedActions} as {@code apikey.create},
 * {@code apikey.read} or {@code apikey.revoke}. Keys are a platform-wide resource (no namespace in the decision), so
 * only a global role can manage them; policy data grants that to administrators. Events name the key by its id,
 * never its secret.
 */
@DocumentedErrors
@Controller("/apikeys")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "apikeys")
final class ApiKeyController {

    private static final Target KEYS = Target.of("apikey", "", "");

    private final ApiKeyService keys;
    private final AuditedActions actions;

    ApiKeyController(ApiKeyService keys, AuditedActions actions) {
        this.keys = keys;
        this.actions = actions;
    }

    @Post
    @Operation(summary = "Create an API key scoped to one namespace and role; the answer is the only time it is shown")
    @ApiResponse(
            responseCode = "201",
            description = "The key, shown this once",
            content = @Content(schema = @Schema(implementation = CreatedApiKey.class)))
    HttpResponse<CreatedApiKey> create(HttpRequest<?> request, @Body ApiKeyRequest body) {
        CreatedApiKey created = actions.perform(request, "apikey.create", KEYS, () -> {
            CreatedApiKey issued = keys.issue(body, Actors.of(request).subject());
            return performed(issued, issued.apiKey());
        });
        // The key must not be kept by any cache on the way.
        return HttpResponse.created(created).header("Cache-Control", "no-store");
    }

    @Get
    @Operation(summary = "List API keys (never their secrets)")
    List<ApiKey> list(HttpRequest<?> request) {
        return actions.perform(request, "apikey.read", KEYS, () -> Performed.success(keys.list(), KEYS));
    }

    @Get("/{id}")
    @Operation(summary = "Read one API key (never its secret)")
    ApiKey get(HttpRequest<?> request, @PathVariable String id) {
        return actions.perform(request, "apikey.read", Target.of("apikey", "", id), () -> {
            ApiKey key = keys.get(id);
            return performed(key, key);
        });
    }

    @Delete("/{id}")
    @Operation(summary = "Revoke an API key; it stops authenticating at once")
    ApiKey revoke(HttpRequest<?> request, @PathVariable String id) {
        return actions.perform(request, "apikey.revoke", Target.of("apikey", "", id), () -> {
            ApiKey revoked = keys.revoke(id, Actors.of(request).subject());
            return performed(revoked, revoked);
        });
    }

    private static <T> Performed<T> performed(T value, ApiKey key) {
        Map<String, String> details = Map.of("key_namespace", key.namespace(), "key_role", key.role());
        return new Performed<>(
                value, Outcome.SUCCESS, "", Target.of("apikey", key.namespace(), key.id()), details, 0, 0);
    }
}
