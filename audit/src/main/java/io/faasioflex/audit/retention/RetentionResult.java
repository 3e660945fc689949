package io.faasioflex.audit.retention;

import io.faasioflex.audit.ledger.RetentionBoundary;
import java.util.Optional;

/**
 * What a retention run did.
 *
 * @param deletedEvents rows removed
 * @param boundary the new signed start of the chain, when rows were removed
 * @param explanation why it removed what it did, or nothing, for the operator
 */
public record RetentionResult(long deletedEvents, Optional<RetentionBoundary> boundary, String explanation) {}
