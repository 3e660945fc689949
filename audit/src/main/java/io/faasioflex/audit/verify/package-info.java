/**
 * Re-computes the ledger's hash chain and checks its signed checkpoints, reporting the first broken link.
 */
package io.faasioflex.audit.verify;
