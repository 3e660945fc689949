package io.faasioflex.platform.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The one shape of every error the API returns.
 *
 * @param code stable, machine-readable code such as {@code invalid_name} or {@code function_not_found}
 * @param message what was wrong with the input and which rule it broke
 * @param requestId the request's identifier, also found in the audit events
 */
@Serdeable
public record ApiError(String code, String message, String requestId) {}
