package io.faasioflex.platform.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Which policy engine decides, under {@code faas.policy.*}.
 *
 * @param engine {@code wasm} (in process, the default) or {@code remote} (an OPA server)
 * @param remoteUrl the OPA server for {@code remote}
 * @param timeout bound of one decision; past it the request is refused with 503
 * @param dataPath optional JSON file or directory replacing the bundled policy data, for {@code wasm}
 */
@ConfigurationProperties("faas.policy")
public record PolicySettings(
        @Bindable(defaultValue = "wasm") String engine,
        @Bindable(defaultValue = "http://127.0.0.1:8181") String remoteUrl,
        @Bindable(defaultValue = "500ms") Duration timeout,
        @Bindable(defaultValue = "") String dataPath) {}
