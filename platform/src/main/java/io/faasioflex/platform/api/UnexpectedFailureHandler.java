package io.faasioflex.platform.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers any failure no other handler knows with 500 {@code internal_error} and a message that says nothing of the
 * failure, and logs it once, with its stack trace and the request id the caller receives. Its message may hold a
 * path, a SQL statement or an address, which belong in the log, not in a response.
 */
@Singleton
final class UnexpectedFailureHandler implements ExceptionHandler<Throwable, HttpResponse<ApiError>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedFailureHandler.class);

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, Throwable failure) {
        String requestId = RequestIds.of(request);
        LOG.error(
                "request failed unexpectedly request={} method={} path={}",
                requestId,
                request.getMethodName(),
                request.getPath(),
                failure);
        ErrorCodes.record(request, "internal_error");
        return HttpResponse.<ApiError>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("internal_error", ApiErrorResponses.INTERNAL_MESSAGE, requestId));
    }
}
