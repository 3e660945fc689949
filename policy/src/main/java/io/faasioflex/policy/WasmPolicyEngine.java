package io.faasioflex.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.styra.opa.wasm.OpaPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the policy compiled to WebAssembly ({@code opa build -t wasm}) inside the JVM with
 * opa-java-wasm.
 *
 * <p>The module ships in this jar; its data comes from the jar too, or from a file or directory an
 * administrator edits, so role changes need no rebuild. A policy instance is single-threaded, so the engine
 * keeps a small pool of them, one per concurrent decision, each holding the data already parsed.
 *
 * <p>TODO: an evaluation cannot be interrupted; a policy that loops would hold its instance forever. Rego
 * compiled to wasm has no unbounded recursion, so this is accepted for now.
 */
public final class WasmPolicyEngine implements PolicyEngine {

    /** Classpath location of the compiled module. */
    public static final String BUNDLED_POLICY = "/io/faasioflex/policy/policy.wasm";

    /** How long a decision waits for a free policy instance when all are busy. */
    public static final Duration DEFAULT_BORROW_TIMEOUT = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(WasmPolicyEngine.class);

    /** Upper bound of one instance's memory, in 64 KiB pages: 64 MiB. */
    private static final int MAX_MEMORY_PAGES = 1024;

    private static volatile boolean compilerUsable = true;

    private final PolicyInstancePool pool;
    private final Map<String, Integer> entrypoints;
    private final Supplier<String> dataSource;
    private volatile DataVersion data;

    WasmPolicyEngine(byte[] module, Supplier<String> dataSource, int instances, Duration borrowTimeout) {
        this.dataSource = dataSource;
        this.data = new DataVersion(0, dataSource.get());

        var first = instantiate(module);
        this.entrypoints = Map.copyOf(first.entrypoints());
        this.pool = new PolicyInstancePool(() -> instantiate(module), instances, borrowTimeout);
        pool.seed(first);
        // Compiling an instance takes tens of milliseconds: pay it at start, not on the first busy moment.
        for (int i = 1; i < instances; i++) {
            pool.seed(instantiate(module));
        }
    }

    /** The bundled policy with the bundled data, one instance per processor. */
    public static WasmPolicyEngine bundled() {
        return bundled(Optional.empty(), defaultInstances(), DEFAULT_BORROW_TIMEOUT);
    }

    /** The bundled policy with data read from a JSON file or a directory of them (see {@code policy/data}). */
    public static WasmPolicyEngine bundled(Path dataPath) {
        return bundled(Optional.of(dataPath), defaultInstances(), DEFAULT_BORROW_TIMEOUT);
    }

    /**
     * The bundled policy with data from the jar or from a path.
     *
     * @param dataPath a JSON file holding the whole data document, or a directory laid out like
     *     {@code policy/data}; empty for the data the policy was built with
     * @param instances how many decisions may run at once
     * @param borrowTimeout how long a decision waits for a free instance before failing closed
     * @throws PolicyUnavailableException if the module or the data cannot be loaded
     */
    public static WasmPolicyEngine bundled(Optional<Path> dataPath, int instances, Duration borrowTimeout) {
        Supplier<String> source = dataPath.<Supplier<String>>map(path -> () -> PolicyData.fromPath(path))
                .orElse(PolicyData::bundled);
        var engine = new WasmPolicyEngine(bundledModule(), source, instances, borrowTimeout);
        LOG.info(
                "policy engine started engine=wasm data={} instances={}",
                dataPath.map(Path::toString).orElse("classpath"),
                instances);
        return engine;
    }

    @Override
    public PolicyDecision decide(String entrypoint, Map<String, Object> input) {
        Decisions.requireEntrypoint(entrypoint);
        int entrypointId = entrypointId(entrypoint);
        var inputJson = Decisions.toJson(input, entrypoint);
        var decisionId = Decisions.newDecisionId();

        long started = System.nanoTime();
        var result = firstResult(evaluate(entrypointId, inputJson, entrypoint), entrypoint);
        var decision = Decisions.fromResult(entrypoint, result, decisionId);

        LOG.debug(
                "policy decision={} engine=wasm entrypoint={} allowed={} micros={}",
                decisionId,
                entrypoint,
                decision.allowed(),
                (System.nanoTime() - started) / 1_000);
        return decision;
    }

    /**
     * Reads the data again from where it came from; decisions after this call see the new data. When the
     * new data cannot be read the engine keeps the old and this method throws.
     *
     * <p>TODO: nothing calls this on a file change yet; an operator restarts the platform or a later
     * admin endpoint calls it.
     */
    public synchronized void reloadData() {
        var json = dataSource.get();
        data = new DataVersion(data.generation() + 1, json);
        LOG.info("policy data reloaded engine=wasm generation={}", data.generation());
    }

    @Override
    public void close() {
        pool.close();
    }

    private String evaluate(int entrypointId, String inputJson, String entrypoint) {
        var instance = pool.borrow();
        boolean healthy = false;
        try {
            loadCurrentData(instance);
            var result =
                    instance.policy.entrypoint(entrypointId).input(inputJson).evaluate();
            healthy = true;
            return result;
        } catch (RuntimeException e) {
            LOG.warn("policy evaluation failed engine=wasm entrypoint={}", entrypoint, e);
            throw new PolicyUnavailableException("entrypoint " + entrypoint + " could not be evaluated", e);
        } finally {
            if (healthy) {
                pool.release(instance);
            } else {
                pool.discard(instance);
            }
        }
    }

    private void loadCurrentData(PolicyInstancePool.Instance instance) {
        var current = data;
        if (instance.dataGeneration != current.generation()) {
            instance.policy.data(current.json());
            instance.dataGeneration = current.generation();
        }
    }

    private int entrypointId(String entrypoint) {
        var id = entrypoints.get(entrypoint);
        if (id == null) {
            throw new PolicyUnavailableException("entrypoint " + entrypoint
                    + " is not compiled into the policy module; known: " + entrypoints.keySet());
        }
        return id;
    }

    /** The wasm result set is a JSON array with one {"result": ...} element, or empty when undefined. */
    private static JsonNode firstResult(String resultSet, String entrypoint) {
        try {
            return Decisions.JSON.readTree(resultSet).path(0).path("result");
        } catch (JsonProcessingException e) {
            throw new PolicyUnavailableException("entrypoint " + entrypoint + " returned malformed JSON", e);
        }
    }

    private static OpaPolicy instantiate(byte[] module) {
        try {
            return compilerUsable ? build(module, true) : build(module, false);
        } catch (LinkageError e) {
            // Chicory's compiler needs ASM 9.9; an application that resolves an older ASM gets the
            // interpreter, which decides the same, only slower.
            compilerUsable = false;
            LOG.warn("policy compiler unavailable, interpreting the wasm module instead cause={}", e.toString());
            return build(module, false);
        }
    }

    private static OpaPolicy build(byte[] module, boolean compile) {
        try {
            var builder = OpaPolicy.builder().withPolicy(module).withMaxMemory(MAX_MEMORY_PAGES);
            if (!compile) {
                builder.disableCompiler();
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new PolicyUnavailableException("policy module cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static byte[] bundledModule() {
        try (InputStream in = WasmPolicyEngine.class.getResourceAsStream(BUNDLED_POLICY)) {
            if (in == null) {
                throw new PolicyUnavailableException("policy module " + BUNDLED_POLICY + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PolicyUnavailableException("policy module " + BUNDLED_POLICY + " cannot be read", e);
        }
    }

    static int defaultInstances() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private record DataVersion(long generation, String json) {}
}
