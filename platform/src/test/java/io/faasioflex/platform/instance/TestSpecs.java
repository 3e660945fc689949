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
        return new FunctionSpec(
                spec.namespace(),
                spec.name(),
                spec.version(),
                spec.image(),
                spec.mode(),
                spec.command(),
                spec.environment(),
                spec.memoryMb(),
                cpus,
                spec.timeoutMs(),
                spec.maxInstances(),
                spec.concurrency(),
                spec.httpPort(),
                spec.httpPath(),
                spec.contentType(),
                spec.createdAt(),
                spec.createdBy(),
                "internal",
                false);
    }

    static FunctionSpec withVersion(FunctionSpec spec, long version) {
        return new FunctionSpec(
                spec.namespace(),
                spec.name(),
                version,
                spec.image(),
                spec.mode(),
                spec.command(),
                spec.environment(),
                spec.memoryMb(),
                spec.cpus(),
                spec.timeoutMs(),
                spec.maxInstances(),
                spec.concurrency(),
                spec.httpPort(),
                spec.httpPath(),
                spec.contentType(),
                spec.createdAt(),
                spec.createdBy(),
                "internal",
                false);
    }

    static FunctionSpec withLimits(FunctionSpec spec, int memoryMb, int maxInstances, int concurrency, long timeoutMs) {
        return new FunctionSpec(
                spec.namespace(),
                spec.name(),
                spec.version(),
                spec.image(),
                spec.mode(),
                spec.command(),
                spec.environment(),
                memoryMb,
                spec.cpus(),
                timeoutMs,
                maxInstances,
                concurrency,
                spec.httpPort(),
                spec.httpPath(),
                spec.contentType(),
                spec.createdAt(),
                spec.createdBy(),
                "internal",
                false);
    }
}
