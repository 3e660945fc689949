package io.faasioflex.platform.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * A registration or update as the API receives it; absent limits take the platform's defaults. Validated into a
 * {@link FunctionSpec} by {@link FunctionValidator}.
 */
// A misspelt field (timeoutMS) would otherwise fall back to its default without a word.
@JsonIgnoreProperties(ignoreUnknown = false)
@Serdeable
public record FunctionRequest(
        @Nullable String name,
        @Nullable String namespace,
        @Nullable String image,
        @Nullable FunctionMode mode,
        @Nullable List<String> command,
        @Nullable Map<String, String> environment,
        @Nullable Integer memoryMb,
        @Nullable Double cpus,
        @Nullable Long timeoutMs,
        @Nullable Integer maxInstances,
        @Nullable Integer concurrency,
        @Nullable Integer httpPort,
        @Nullable String httpPath,
        @Nullable String contentType,
        @Nullable String classification,
        @Nullable Boolean egress) {}
