package io.faasioflex.platform.function;

import io.faasioflex.platform.api.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks a {@link FunctionRequest} against the platform's rules and turns it into a {@link FunctionSpec}. */
public final class FunctionValidator {

    /** A DNS label (RFC 1123): what function and namespace names must be. */
    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final java.util.Set<String> CLASSIFICATIONS =
            java.util.Set.of("public", "internal", "confidential", "restricted");
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,255}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-zA-Z0-9!#$&^_.+-]+/[a-zA-Z0-9!#$&^_.+-]+.{0,80}");

    private FunctionValidator() {}

    /** Rejects a namespace or function name that is not a DNS label with 400 {@code invalid_name}. */
    public static String requireName(String field, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw ApiException.badRequest(
                    "invalid_name", field + " must be a DNS label (a-z, 0-9, '-', at most 63 characters)");
        }
        return value;
    }

    /**
     * The namespace a request names, or {@code fallback} when it names none, checked before policy sees it (a
     * repeated {@code ?namespace=} arrives joined by commas and is not a name).
     */
    public static String namespace(String requested, String fallback) {
        return requireName("namespace", requested == null ? fallback : requested);
    }

    /** The first version of a function. */
    public static FunctionSpec first(FunctionRequest request, String namespace, String subject) {
        return build(request, namespace, 1, subject);
    }

    /** The version that follows {@code current}; the name and namespace cannot change. */
    public static FunctionSpec next(FunctionRequest request, FunctionSpec current, String subject) {
        if (request.name() != null && !request.name().equals(current.name())) {
            throw ApiException.badRequest("invalid_field", "name cannot change; register a new function instead");
        }
        FunctionRequest named = withName(request, current.name());
        return build(named, current.namespace(), current.version() + 1, subject);
    }

    private static FunctionSpec build(FunctionRequest r, String namespace, long version, String subject) {
        FunctionMode mode = Objects.requireNonNullElse(r.mode(), FunctionMode.stdio);
        List<String> command = r.command() == null ? List.of() : r.command();
        if (mode == FunctionMode.stdio && command.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "command is required in stdio mode");
        }
        return new FunctionSpec(
                requireName("namespace", namespace),
                requireName("name", r.name()),
                version,
                image(r.image()),
                mode,
                command(command),
                environment(r.environment()),
                range("memoryMb", r.memoryMb(), 128, 16, 4096),
                cpus(r.cpus()),
                range("timeoutMs", r.timeoutMs(), 30_000L, 100L, 300_000L),
                range("maxInstances", r.maxInstances(), 3, 1, 20),
                range("concurrency", r.concurrency(), 1, 1, 100),
                range("httpPort", r.httpPort(), 8080, 1024, 65535),
                httpPath(r.httpPath()),
                contentType(r.contentType()),
                Instant.now(),
                subject,
                classification(r.classification()),
                Boolean.TRUE.equals(r.egress()));
    }

    private static String image(String image) {
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw ApiException.badRequest(
                    "invalid_field", "image must be an image reference such as registry/name:tag or name@sha256:...");
        }
        return image;
    }

    private static List<String> command(List<String> command) {
        if (command.size() > 64 || command.stream().anyMatch(arg -> arg == null || arg.length() > 4096)) {
            throw ApiException.badRequest("invalid_field", "command takes at most 64 arguments of 4096 characters");
        }
        return command;
    }

    private static Map<String, String> environment(Map<String, String> environment) {
        if (environment == null) {
            return Map.of();
        }
        environment.forEach((name, value) -> {
            if (!ENV_NAME.matcher(name).matches() || name.startsWith("FAAS_")) {
                throw ApiException.badRequest(
                        "invalid_field",
                        "environment name " + name + " is not allowed (letters, digits, '_'; " + "FAAS_ is reserved)");
            }
            if (value == null || value.length() > 8192) {
                throw ApiException.badRequest("invalid_field", "environment " + name + " needs a value up to 8 KiB");
            }
        });
        if (environment.size() > 64) {
            throw ApiException.badRequest("invalid_field", "environment takes at most 64 variables");
        }
        return environment;
    }

    private static double cpus(Double cpus) {
        double value = cpus == null ? 0.5 : cpus;
        // NaN fails every comparison, so a range check alone would let it through (and the engine would read it as
        // no CPU limit at all): finiteness is checked first.
        if (!Double.isFinite(value) || value < 0.05 || value > 8) {
            throw ApiException.badRequest("invalid_field", "cpus must be a finite number between 0.05 and 8");
        }
        return value;
    }

    private static String httpPath(String path) {
        if (path == null) {
            return "/";
        }
        if (!HTTP_PATH.matcher(path).matches()) {
            throw ApiException.badRequest("invalid_field", "httpPath must be an absolute path such as /cgi-bin/echo");
        }
        return path;
    }

    private static String classification(String classification) {
        if (classification == null) {
            return "internal";
        }
        if (!CLASSIFICATIONS.contains(classification)) {
            throw ApiException.badRequest(
                    "invalid_field", "classification must be public, internal, confidential or restricted");
        }
        return classification;
    }

    private static String contentType(String contentType) {
        if (contentType == null) {
            return "application/octet-stream";
        }
        if (!CONTENT_TYPE.matcher(contentType).matches()) {
            throw ApiException.badRequest("invalid_field", "contentType must be a media type such as text/plain");
        }
        return contentType;
    }

    private static int range(String field, Integer value, int fallback, int min, int max) {
        return (int) range(field, value == null ? null : value.longValue(), (long) fallback, min, max);
    }

    private static long range(String field, Long value, long fallback, long min, long max) {
        long actual = value == null ? fallback : value;
        if (actual < min || actual > max) {
            throw ApiException.badRequest("invalid_field", field + " must be between " + min + " and " + max);
        }
        return actual;
    }

    private static FunctionRequest withName(FunctionRequest r, String name) {
        return new FunctionRequest(
                name,
                r.namespace(),
                r.image(),
                r.mode(),
                r.command(),
                r.environment(),
                r.memoryMb(),
                r.cpus(),
                r.timeoutMs(),
                r.maxInstances(),
                r.concurrency(),
                r.httpPort(),
                r.httpPath(),
                r.contentType(),
                r.classification(),
                r.egress());
    }
}
