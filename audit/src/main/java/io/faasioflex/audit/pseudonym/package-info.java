/**
 * Pseudonymisation of the actors' personal fields under per-subject keys, and erasure of a subject by destroying
 * its key.
 */
package io.faasioflex.audit.pseudonym;
