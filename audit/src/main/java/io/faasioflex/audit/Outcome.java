package io.faasioflex.audit;

import io.micronaut.serde.annotation.Serdeable;

/** How the audited action ended. */
@Serdeable
public enum Outcome {
    /** The action was allowed and completed. */
    SUCCESS,
    /** Authentication or policy refused the action. */
    DENIED,
    /** The action was allowed but did not complete. */
    FAILED
}
