/**
 * The audit ledger in PostgreSQL: Flyway schema, canonical stored form, hash chain, Ed25519 checkpoints and retention
 * boundaries, and their row mappings. Building blocks of the projector, verifier, queries and retention.
 */
package io.faasioflex.audit.ledger;
