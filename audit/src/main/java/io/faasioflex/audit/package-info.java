/**
 * Audit events: the model, the JetStream publisher, stream provisioning and reading. The PostgreSQL ledger built from
 * the stream lives in the sub-packages: {@code ledger} (schema, canonical form, chain, signatures),
 * {@code projection} (the projector role), {@code verify}, {@code query} (queries and exports), {@code pseudonym}
 * (sealed personal fields and erasure) and {@code retention} (retention job and legal holds). See audit/LEDGER.md.
 */
package io.faasioflex.audit;
