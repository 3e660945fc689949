/** Audit events: model, JetStream publisher, and (later) the PostgreSQL projection. */
package io.faasioflex.audit;
