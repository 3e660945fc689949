/**
 * Data loss prevention for invocation bodies.
 *
 * <p>{@link io.faasioflex.policy.dlp.DlpScanner} finds sensitive data in a body (card numbers, IBANs, personal
 * identifiers, keys, tokens, high-entropy secrets) with patterns and thresholds read from policy data
 * ({@link io.faasioflex.policy.dlp.DlpRules}); the Rego policy {@code faas.dlp} decides from the finding types and
 * counts what happens; {@link io.faasioflex.policy.dlp.Redactor} replaces matched values when it says redact.
 * {@link io.faasioflex.policy.dlp.DlpGuard} runs the three in order and is what the invocation path calls.
 *
 * <p>Matched values never leave this package: results, logs and policy inputs carry finding types and counts
 * only, and the match spans exist only to redact.
 */
package io.faasioflex.policy.dlp;
