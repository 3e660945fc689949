/**
 * The projector role: consumes the AUDIT stream with a durable consumer and writes it into the ledger, chained and
 * checkpointed; its lag and health.
 */
package io.faasioflex.audit.projection;
