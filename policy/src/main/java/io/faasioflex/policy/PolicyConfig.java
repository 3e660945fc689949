package io.faasioflex.policy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which policy engine to run and how.
 *
 * @param engine {@value #WASM} (in process, the default) or {@value #REMOTE} (an OPA server)
 * @param remoteUrl base URL of the OPA server, such as {@code http://127.0.0.1:8181}; required for remote
 * @param timeout bound of one decision: the whole HTTP exchange for remote, the wait for a free policy
 *     instance for wasm; 500 ms by default
 * @param dataPath for wasm, a JSON file or a directory laid out like {@code policy/data} to read the data
 *     from instead of the data built into the jar
 */
public record PolicyConfig(String engine, Optional<URI> remoteUrl, Duration timeout, Optional<Path> dataPath) {

    /** Evaluate the bundled WebAssembly policy inside the JVM. */
    public static final String WASM = "wasm";

    /** Ask an OPA server over HTTP. */
    public static final String REMOTE = "remote";

    /** The default decision bound. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    /**
     * Fills defaults (nulls become wasm, 500 ms, empty) and checks the combination.
     *
     * @throws IllegalArgumentException if the engine is unknown, the timeout is not positive, or remote has
     *     no URL
     */
    public PolicyConfig {
        engine = engine == null ? WASM : engine.trim().toLowerCase(Locale.ROOT);
        remoteUrl = Objects.requireNonNullElse(remoteUrl, Optional.empty());
        timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
        dataPath = Objects.requireNonNullElse(dataPath, Optional.empty());

        if (!WASM.equals(engine) && !REMOTE.equals(engine)) {
            throw new IllegalArgumentException("policy engine must be 'wasm' or 'remote', got '" + engine + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("policy timeout must be positive, got " + timeout);
        }
        if (REMOTE.equals(engine) && remoteUrl.isEmpty()) {
            throw new IllegalArgumentException("policy engine 'remote' needs the OPA server URL (remote-url)");
        }
    }

    /** The bundled policy and data, evaluated in process. */
    public static PolicyConfig wasm() {
        return new PolicyConfig(WASM, Optional.empty(), DEFAULT_TIMEOUT, Optional.empty());
    }

    /** The bundled policy, evaluated in process, with data read from a file or directory. */
    public static PolicyConfig wasm(Path dataPath) {
        return new PolicyConfig(WASM, Optional.empty(), DEFAULT_TIMEOUT, Optional.of(dataPath));
    }

    /** An OPA server at {@code url}, each decision bounded by {@code timeout}. */
    public static PolicyConfig remote(URI url, Duration timeout) {
        return new PolicyConfig(REMOTE, Optional.of(url), timeout, Optional.empty());
    }
}
