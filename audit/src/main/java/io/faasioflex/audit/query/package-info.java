/**
 * Reads the ledger for auditors: filtered pages with a cursor, single events, and streamed exports as JSON Lines,
 * CSV and OCSF.
 */
package io.faasioflex.audit.query;
