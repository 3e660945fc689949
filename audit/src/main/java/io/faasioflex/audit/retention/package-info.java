/**
 * The retention job, which removes old ledger rows while keeping the chain verifiable, and legal holds that stop it.
 */
package io.faasioflex.audit.retention;
