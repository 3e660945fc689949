/**
 * Policy decisions for FaaSioFlex.
 *
 * <p>Rules live in Rego under {@code policy/rego} and their data under {@code policy/data}; this package
 * evaluates them. {@link io.faasioflex.policy.PolicyEngine} is the one entry point: {@link
 * io.faasioflex.policy.WasmPolicyEngine} evaluates the policy compiled to WebAssembly inside the JVM, {@link
 * io.faasioflex.policy.RemotePolicyEngine} asks an OPA server. {@link io.faasioflex.policy.PolicyEngines}
 * builds the one a {@link io.faasioflex.policy.PolicyConfig} selects. Both engines fail closed: when a
 * decision cannot be made they throw {@link io.faasioflex.policy.PolicyUnavailableException}, never allow.
 */
package io.faasioflex.policy;
