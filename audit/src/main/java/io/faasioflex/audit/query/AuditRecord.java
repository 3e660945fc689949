package io.faasioflex.audit.query;

import io.faasioflex.audit.AuditEvent;

/**
 * A ledger row as an authorised reader sees it.
 *
 * @param sequence the event's stream sequence
 * @param event the event, with its actor's subject and client address unsealed; both empty when the subject was
 *     erased
 * @param subjectKey the id of the key that sealed the personal fields, empty when there were none; events of one
 *     subject share it until the subject is erased
 * @param subjectErased whether the personal fields can no longer be read because their key was destroyed
 * @param hash the row's chain hash, lower-case hex
 */
public record AuditRecord(long sequence, AuditEvent event, String subjectKey, boolean subjectErased, String hash) {}
