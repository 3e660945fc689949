package io.faasioflex.platform.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import jakarta.inject.Singleton;

/**
 * Renders errors raised by the framework itself (unknown route, rejected token, unreadable body) in the API's one
 * error shape, so a client sees {@link ApiError} whatever failed.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ApiErrorResponses implements ErrorResponseProcessor<ApiError> {

    static final String CODE_ATTRIBUTE = "faas.error-code";

    @Override
    @NonNull
    public MutableHttpResponse<ApiError> processResponse(
            @NonNull ErrorContext context, @NonNull MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String code = codeFor(status, context);
        String message =
                context.getErrors().stream().findFirst().map(Error::getMessage).orElse(status.getReason());
        context.getRequest().setAttribute(CODE_ATTRIBUTE, code);
        ApiError error = new ApiError(code, message, RequestIds.of(context.getRequest()));
        return response.body(error).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String codeFor(HttpStatus status, ErrorContext context) {
        if (status == HttpStatus.BAD_REQUEST
                && context.getRootCause()
                        .filter(JsonSyntaxException.class::isInstance)
                        .isPresent()) {
            return "malformed_json";
        }
        return switch (status) {
            case BAD_REQUEST -> "bad_request";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "body_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> "internal_error";
        };
    }
}
