package io.faasioflex.platform.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns an {@link ApiException} into its status and {@link ApiError} body. */
@Singleton
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ApiException exception) {
        ErrorCodes.record(request, exception.code());
        MutableHttpResponse<ApiError> response = HttpResponse.<ApiError>status(exception.status())
                .body(new ApiError(exception.code(), exception.getMessage(), RequestIds.of(request)));
        exception.retryAfter().ifPresent(after -> response.header("Retry-After", Long.toString(after.toSeconds())));
        return response;
    }
}
