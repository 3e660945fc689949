package io.faasioflex.platform.secrets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.function.FunctionService;
import io.faasioflex.platform.function.FunctionValidator;
import io.faasioflex.platform.function.LifecycleEvents;
import io.faasioflex.platform.security.AuditedActions;
import io.faasioflex.platform.security.Performed;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes, lists (names only) and deletes the secrets of a function, each call through {@link AuditedActions} as
 * {@code secret.write}, {@code secret.read} or {@code secret.delete}. Events name the secret, never its value. A write
 * or delete publishes {@code secret.changed}, on which every manager replaces the function's running instances, so
 * the next invocation sees the current secrets.
 */
@Controller("/functions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "secrets")
final class SecretController {

    private static final Logger LOG = LoggerFactory.getLogger(SecretController.class);

    private final FunctionSecrets secrets;
    private final FunctionService functions;
    private final AuditedActions actions;
    private final LifecycleEvents events;
    private final String defaultNamespace;

    SecretController(
            FunctionSecrets secrets,
            FunctionService functions,
            AuditedActions actions,
            LifecycleEvents events,
            PlatformSettings settings) {
        this.secrets = secrets;
        this.functions = functions;
        this.actions = actions;
        this.events = events;
        this.defaultNamespace = settings.defaultNamespace();
    }

    @Put("/{name}/secrets/{secret}")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(
            summary = "Set a secret of a function from the raw request body, delivered as /run/secrets/<secret>; its"
                    + " running instances are replaced, so invocations after this call read the new value")
    HttpResponse<Void> write(
            HttpRequest<?> request,
            @PathVariable String name,
            @PathVariable String secret,
            @Nullable @QueryValue String namespace,
            @Nullable @Body byte[] value) {
        String ns = namespaceOr(namespace);
        Target target = target(ns, name, secret);
        actions.perform(
                request,
                "secret.write",
                target,
                () -> guarded(() -> {
                    functions.get(ns, name);
                    secrets.write(ns, name, secret, requireValue(value));
                    // TODO: a core NATS notice reaches only managers connected now; instances should carry the secrets
                    //  generation they were started with and be checked against it before each lease.
                    events.publish(LifecycleEvents.SECRET_CHANGED, ns, name, 0, "");
                    return named(null, target, secret);
                }));
        return HttpResponse.noContent();
    }

    @Get("/{name}/secrets")
    @Operation(summary = "List the names of a function's secrets; values are never returned")
    SecretNames list(HttpRequest<?> request, @PathVariable String name, @Nullable @QueryValue String namespace) {
        String ns = namespaceOr(namespace);
        Target target = Target.of("secret", ns, FunctionValidator.requireName("name", name));
        return actions.perform(
                request,
                "secret.read",
                target,
                () -> guarded(() -> {
                    functions.get(ns, name);
                    return Performed.success(new SecretNames(ns, name, secrets.names(ns, name)), target);
                }));
    }

    @Delete("/{name}/secrets/{secret}")
    @Operation(
            summary = "Delete a secret of a function; its running instances are replaced, so no invocation after"
                    + " this call sees it")
    HttpResponse<Void> delete(
            HttpRequest<?> request,
            @PathVariable String name,
            @PathVariable String secret,
            @Nullable @QueryValue String namespace) {
        String ns = namespaceOr(namespace);
        Target target = target(ns, name, secret);
        actions.perform(
                request,
                "secret.delete",
                target,
                () -> guarded(() -> {
                    if (!secrets.delete(ns, name, secret)) {
                        throw ApiException.notFound(
                                "secret_not_found", "function " + ns + "/" + name + " has no secret " + secret);
                    }
                    events.publish(LifecycleEvents.SECRET_CHANGED, ns, name, 0, "");
                    return named(null, target, secret);
                }));
        return HttpResponse.noContent();
    }

    private byte[] requireValue(byte[] value) {
        if (value == null || value.length == 0) {
            throw ApiException.badRequest("invalid_secret", "the request body must hold the secret's value");
        }
        if (value.length > secrets.maxValueBytes()) {
            throw new ApiException(
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "secret_too_large",
                    "a secret value is at most " + secrets.maxValueBytes() + " bytes");
        }
        return value;
    }

    private String namespaceOr(String namespace) {
        return FunctionValidator.namespace(namespace, defaultNamespace);
    }

    /** A function and secret named in the path, checked before policy and the audit log see them. */
    private static Target target(String namespace, String function, String secret) {
        FunctionValidator.requireName("name", function);
        try {
            FunctionSecrets.requireName(secret);
        } catch (FunctionSecrets.InvalidSecretNameException e) {
            throw ApiException.badRequest("invalid_name", e.getMessage());
        }
        return Target.of("secret", namespace, function + "/" + secret);
    }

    private static <T> Performed<T> named(T value, Target target, String secret) {
        return new Performed<>(value, Outcome.SUCCESS, "", target, Map.of("secret", secret), 0, 0);
    }

    /** Secret failures as API errors; their messages name keys and rules, never values. */
    private static <T> Performed<T> guarded(Supplier<Performed<T>> work) {
        try {
            return work.get();
        } catch (FunctionSecrets.InvalidSecretNameException e) {
            throw ApiException.badRequest("invalid_name", e.getMessage());
        } catch (SecretException e) {
            // The message may name KV keys, key ids or configuration properties: those belong in the log.
            LOG.error("secret store failed", e);
            throw ApiException.unavailable("secrets_unavailable", "the secret store cannot serve this request", e);
        }
    }

    /** The answer of a listing: names only, an empty list included. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SecretNames(String namespace, String function, List<String> names) {}
}
