package io.faasioflex.platform.invoke;

import com.github.dockerjava.api.DockerClient;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.config.RuntimeProperties;
import io.faasioflex.platform.function.ImageCatalog;
import io.faasioflex.platform.function.ImageFacts;
import io.faasioflex.platform.function.LifecycleEvents;
import io.faasioflex.platform.instance.ImageCheck;
import io.faasioflex.platform.instance.InstancePool;
import io.faasioflex.platform.instance.InstanceProvisions;
import io.faasioflex.platform.instance.RuntimeSettings;
import io.faasioflex.platform.secrets.FunctionSecrets;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;

/** The instance pool a manager runs functions in, built from {@code faas.runtime.*}. */
@Factory
final class RuntimeFactory {

    @Singleton
    @Bean(preDestroy = "close")
    InstancePool instancePool(
            DockerClient docker,
            RuntimeProperties runtime,
            PlatformSettings platform,
            AuditPublisher audit,
            LifecycleEvents events,
            FunctionSecrets secrets) {
        RuntimeSettings settings = new RuntimeSettings(
                Path.of(runtime.watchdogBinary()),
                Path.of(runtime.instancesDir()),
                runtime.idleTimeout(),
                runtime.queueTimeout(),
                runtime.startTimeout(),
                runtime.pidsLimit(),
                runtime.tmpfsMb(),
                platform.instanceId(),
                runtime.pullMissingImages(),
                RuntimeSettings.LeftoverScope.OWNER,
                platform.maxBodyBytes());
        var provisions = new InstanceProvisions(secrets, secrets.hostDir(), runtime.egressNetwork());
        return new InstancePool(docker, settings, new InstanceEvents(audit, events, platform.instanceId()), provisions);
    }

    @Singleton
    ImageCatalog imageCatalog(InstancePool pool) {
        return new ImageCatalog() {
            @Override
            public Optional<ImageFacts> find(String image) {
                return pool.findImage(image).map(RuntimeFactory::facts);
            }

            @Override
            public ImageFacts pull(String image) {
                return facts(pool.pullImage(image));
            }
        };
    }

    private static ImageFacts facts(ImageCheck check) {
        if (!check.available()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "image_unavailable", check.reason());
        }
        return ImageFacts.present(check.image(), check.repoDigests(), check.user());
    }
}
