package io.faasioflex.platform.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.platform.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionValidatorTest {

    @Test
    void cpusThatIsNotAFiniteNumberIsRefused() {
        for (double cpus : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            FunctionRequest request = withCpus(cpus);

            assertThatThrownBy(() -> FunctionValidator.first(request, "default", "dev@example.com"))
                    .as("cpus %s", cpus)
                    .isInstanceOfSatisfying(ApiException.class, refused -> {
                        assertThat(refused.status().getCode()).isEqualTo(400);
                        assertThat(refused.code()).isEqualTo("invalid_field");
                        assertThat(refused.getMessage()).contains("cpus");
                    });
        }
    }

    @Test
    void cpusWithinTheRangeIsKept() {
        FunctionSpec spec = FunctionValidator.first(withCpus(1.5), "default", "dev@example.com");

        assertThat(spec.cpus()).isEqualTo(1.5);
    }

    @Test
    void absentCpusTakesTheDefault() {
        FunctionSpec spec = FunctionValidator.first(withCpus(null), "default", "dev@example.com");

        assertThat(spec.cpus()).isEqualTo(0.5);
    }

    private static FunctionRequest withCpus(Double cpus) {
        return new FunctionRequest(
                "cpu-bound",
                null,
                "faasioflex/busybox-demo:1",
                FunctionMode.stdio,
                List.of("/bin/cat"),
                null,
                null,
                cpus,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
