package io.faasioflex.platform.instance;

import io.faasioflex.platform.function.FunctionMode;
import io.faasioflex.platform.function.FunctionSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Function specs for the instance tests, on the demo image built by deploy/images/build-demo-images.sh. */
final class TestSpecs {

    static final String DEMO_IMAGE = "faasioflex/busybox-demo:1";

    private TestSpecs() {}

    static FunctionSpec stdio(String name, String... command) {
        return spec(name, 1, FunctionMode.stdio, List.of(command), 3, 1, 10_000);
    }

    static FunctionSpec http(String name) {
        return spec(
                name,
                1,
                FunctionMode.http,
                List.of("/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:8080", "-h", "/www"),
                2,
                4,
                10_000);
    }

    static FunctionSpec spec(
            String name,
            long version,
            FunctionMode mode,
            List<String> command,
            int maxInstances,
            int concurrency,
            long timeoutMs) {
        String path = mode == FunctionMode.http ? "/cgi-bin/echo" : "/";
        return new FunctionSpec(
                "test",
                name,
                version,
                DEMO_IMAGE,
                mode,
                command,
                Map.of("GREETING", "hello"),
                64,
                0.5,
                timeoutMs,
                maxInstances,
                concurrency,
                8080,
                path,
                "application/octet-stream",
                Instant.now(),
                "tester",
                "internal",
                false);
    }

    static FunctionSpec withCpus(FunctionSpec spec, double cpus) {
        return copy(
                spec, spec.version(), spec.memoryMb(), cpus, spec.timeoutMs(), spec.maxInstances(), spec.concurrency());
    }

    static FunctionSpec withVersion(FunctionSpec spec, long version) {
        return copy(
                spec, version, spec.memoryMb(), spec.cpus(), spec.timeoutMs(), spec.maxInstances(), spec.concurrency());
    }

    static FunctionSpec withLimits(FunctionSpec spec, int memoryMb, int maxInstances, int concurrency, long timeoutMs) {
        return copy(spec, spec.version(), memoryMb, spec.cpus(), timeoutMs, maxInstances, concurrency);
    }

    /** {@code spec} with another version and other limits; everything else as it was. */
    private static FunctionSpec copy(
            FunctionSpec spec,
            long version,
            int memoryMb,
            double cpus,
            long timeoutMs,
            int maxInstances,
            int concurrency) {
        return new FunctionSpec(
                spec.namespace(),
                spec.name(),
                version,
                spec.image(),
                spec.mode(),
                spec.command(),
                spec.environment(),
                memoryMb,
                cpus,
                timeoutMs,
                maxInstances,
                concurrency,
                spec.httpPort(),
                spec.httpPath(),
                spec.contentType(),
                spec.createdAt(),
                spec.createdBy(),
                spec.classification(),
                spec.egress());
    }
}
