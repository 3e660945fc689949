package io.faasioflex.policy;

/** Builds the policy engine a configuration selects. */
public final class PolicyEngines {

    private PolicyEngines() {}

    /**
     * Creates and starts the configured engine. The caller owns it and closes it on shutdown.
     *
     * @throws PolicyUnavailableException if the wasm policy or its data cannot be loaded
     */
    public static PolicyEngine create(PolicyConfig config) {
        return switch (config.engine()) {
            case PolicyConfig.REMOTE ->
                new RemotePolicyEngine(config.remoteUrl().orElseThrow(), config.timeout());
            default ->
                WasmPolicyEngine.bundled(config.dataPath(), WasmPolicyEngine.defaultInstances(), config.timeout());
        };
    }
}
