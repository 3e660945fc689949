package io.faasioflex.platform.policy;

import io.faasioflex.platform.config.PolicySettings;
import io.faasioflex.platform.health.DependencyCheck;
import io.faasioflex.platform.health.NamedCheck;
import io.faasioflex.policy.AccessRequest;
import io.faasioflex.policy.PolicyConfig;
import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyEngines;
import io.faasioflex.policy.dlp.DlpGuard;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The policy engine chosen by configuration, and its health check. */
@Factory
final class PolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    PolicyEngine policyEngine(PolicySettings settings) {
        Optional<Path> data =
                settings.dataPath().isBlank() ? Optional.empty() : Optional.of(Path.of(settings.dataPath()));
        PolicyConfig config = new PolicyConfig(
                settings.engine(), Optional.of(URI.create(settings.remoteUrl())), settings.timeout(), data);
        LOG.info("policy engine={} timeout={}", config.engine(), config.timeout());
        return PolicyEngines.create(config);
    }

    /** Data-loss prevention: rules from the policy data (or faas.policy.data-path), decisions by the engine. */
    @Singleton
    DlpGuard dlpGuard(PolicyEngine engine, PolicySettings settings) {
        Optional<Path> data =
                settings.dataPath().isBlank() ? Optional.empty() : Optional.of(Path.of(settings.dataPath()));
        return DlpGuard.create(engine, data);
    }

    /** Asks for a decision nobody is granted: the engine is healthy if it answers at all. */
    @Singleton
    DependencyCheck policyCheck(PolicyEngine engine) {
        AccessRequest probe =
                new AccessRequest("health-probe", List.of(), "health.probe", AccessRequest.Resource.of("health"));
        return new NamedCheck("policy", () -> {
            engine.authorize(probe);
            return DependencyCheck.State.up("answering");
        });
    }
}
