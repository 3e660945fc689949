package io.faasioflex.platform.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports each dependency's state; the only endpoint that needs no token. */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class HealthController {

    private final List<DependencyCheck> checks;

    HealthController(List<DependencyCheck> checks) {
        this.checks = checks;
    }

    @Get
    @Operation(summary = "State of the platform and each of its dependencies")
    HttpResponse<Health> health() {
        Map<String, DependencyCheck.State> states = new LinkedHashMap<>();
        checks.forEach(check -> states.put(check.name(), check.state()));
        boolean up = states.values().stream().allMatch(DependencyCheck.State::up);
        Health health = new Health(up ? "UP" : "DOWN", states);
        return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(health);
    }

    /** The platform's state and each dependency's. */
    @Serdeable
    record Health(String status, Map<String, DependencyCheck.State> dependencies) {}
}
