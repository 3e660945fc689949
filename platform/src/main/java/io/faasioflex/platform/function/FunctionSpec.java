package io.faasioflex.platform.function;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One immutable version of a registered function, as stored in the {@code faas_functions} KV bucket under
 * {@code <namespace>.<name>}.
 *
 * <p>{@code command} is the per-invocation command in {@code stdio} mode and the function's server command in {@code
 * http} mode (empty there means the image's own entrypoint and command); in {@code http} mode the watchdog forwards
 * each invocation to {@code http://127.0.0.1:<httpPort><httpPath>}. {@code environment} holds plain
 * configuration only; secrets never live here. {@code classification} ({@code public}, {@code internal},
 * {@code confidential}, {@code restricted}) is what data-loss prevention policy weighs findings against. {@code egress}
 * is stored only after egress policy allowed it; its instances then join the platform's egress network instead of
 * running without one.
 */
@Serdeable
public record FunctionSpec(
        String namespace,
        String name,
        long version,
        String image,
        FunctionMode mode,
        List<String> command,
        Map<String, String> environment,
        int memoryMb,
        double cpus,
        long timeoutMs,
        int maxInstances,
        int concurrency,
        int httpPort,
        String httpPath,
        String contentType,
        Instant createdAt,
        String createdBy,
        String classification,
        boolean egress) {

    public FunctionSpec {
        command = command == null ? List.of() : List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** The registry key and the suffix of the invocation subject. */
    public String key() {
        return namespace + "." + name;
    }

    /** A readable identifier for logs: {@code namespace/name}. */
    public String qualifiedName() {
        return namespace + "/" + name;
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    public long memoryBytes() {
        return memoryMb * 1024L * 1024L;
    }
}
