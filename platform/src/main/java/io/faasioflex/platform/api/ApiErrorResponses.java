package io.faasioflex.platform.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.config.SerdeConfiguration;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders errors raised by the framework itself (unknown route, rejected token, unreadable body) in the API's one
 * error shape, so a client sees {@link ApiError} whatever failed. A message never carries a class name, a parser's
 * wording or, for a 5xx, an exception's message: those are for the platform's log.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ApiErrorResponses implements ErrorResponseProcessor<ApiError> {

    /** What a caller learns of a failure inside the platform; the request id finds it in the log. */
    static final String INTERNAL_MESSAGE =
            "the platform failed to serve this request; the request id identifies it in the platform's log";

    /** A qualified Java name, a Java type in back-quotes, or an exception's name: internals, not API words. */
    private static final Pattern INTERNALS =
            Pattern.compile("([a-z][a-z0-9_]*\\.){2,}[A-Za-z]|`|Exception|\\bclass\\b|Jackson|StreamRead");

    private final int maxNestingDepth;

    ApiErrorResponses(SerdeConfiguration serde) {
        this.maxNestingDepth = serde.getMaximumNestingDepth();
    }

    @Override
    @NonNull
    public MutableHttpResponse<ApiError> processResponse(
            @NonNull ErrorContext context, @NonNull MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        Optional<UnreadableBodies.Problem> body = status == HttpStatus.BAD_REQUEST
                ? context.getRootCause().flatMap(cause -> UnreadableBodies.describe(cause, maxNestingDepth))
                : Optional.empty();
        String code = body.map(UnreadableBodies.Problem::code).orElseGet(() -> codeFor(status));
        String message = body.map(UnreadableBodies.Problem::message).orElseGet(() -> messageFor(status, context));
        ErrorCodes.record(context.getRequest(), code);
        ApiError error = new ApiError(code, message, RequestIds.of(context.getRequest()));
        return response.body(error).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String messageFor(HttpStatus status, ErrorContext context) {
        if (status.getCode() >= 500) {
            return status == HttpStatus.INTERNAL_SERVER_ERROR ? INTERNAL_MESSAGE : status.getReason();
        }
        String message =
                context.getErrors().stream().findFirst().map(Error::getMessage).orElse(status.getReason());
        return INTERNALS.matcher(message).find() ? "the request cannot be served: " + status.getReason() : message;
    }

    private static String codeFor(HttpStatus status) {
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
