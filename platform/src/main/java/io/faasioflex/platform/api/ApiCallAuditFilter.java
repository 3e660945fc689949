package io.faasioflex.platform.api;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditUnavailableException;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.faasioflex.platform.config.PlatformSettings;
import io.faasioflex.platform.security.Actors;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every API call, whatever its status (including calls refused before they reach a controller: no token,
 * unreadable body, unknown route), and releases the response only once JetStream acknowledged every event of the
 * request still in flight ({@link PendingAudit}) and then the call's own event; otherwise the caller gets 503, and
 * the call is recorded with that 503 where the log still takes it. Health
 * probes are not recorded: they carry no identity and must answer while NATS is down.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiCallAuditFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCallAuditFilter.class);
    private static final String STARTED = "faas.started-nanos";

    private final AuditPublisher audit;
    private final String emitter;

    ApiCallAuditFilter(AuditPublisher audit, PlatformSettings settings) {
        this.audit = audit;
        this.emitter = settings.instanceId();
    }

    @RequestFilter
    void begin(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
        RequestIds.of(request);
        PendingAudit.open(request);
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    MutableHttpResponse<?> end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String requestId = RequestIds.of(request);
        response.header(RequestIds.HEADER, requestId);
        if (request.getPath().equals("/health")) {
            return response;
        }
        // The call is recorded with the status the caller really gets, so the action's own events are settled first.
        MutableHttpResponse<?> answer = response;
        String reason = ErrorCodes.of(request);
        try {
            PendingAudit.of(request).awaitAll(audit.ackTimeout());
        } catch (AuditUnavailableException e) {
            LOG.error("audit unavailable, withholding response request={} status={}", requestId, response.code(), e);
            answer = withheld(response, requestId);
            reason = "audit_unavailable";
        }
        try {
            audit.publishAndAwait(event(request, answer, reason, requestId));
        } catch (AuditUnavailableException e) {
            LOG.error("audit unavailable, withholding response request={} status={}", requestId, answer.code(), e);
            return answer == response ? withheld(response, requestId) : answer;
        }
        return answer;
    }

    /** 503 in place of {@code response}; a streamed body nobody will read is closed, so its writer stops. */
    private static MutableHttpResponse<?> withheld(MutableHttpResponse<?> response, String requestId) {
        response.getBody(StreamedFile.class).ifPresent(ApiCallAuditFilter::close);
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(RequestIds.HEADER, requestId)
                .header("Retry-After", "5")
                .body(new ApiError("audit_unavailable", "the audit log cannot record this call", requestId));
    }

    private static void close(StreamedFile file) {
        try {
            file.getInputStream().close();
        } catch (IOException e) {
            LOG.debug("could not close a withheld streamed body", e);
        }
    }

    private AuditEvent event(HttpRequest<?> request, MutableHttpResponse<?> response, String reason, String requestId) {
        int status = response.code();
        long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        return AuditEvent.builder("api.call")
                .actor(Actors.of(request))
                .target(Target.none())
                .outcome(outcomeOf(status), reason)
                .requestId(requestId)
                .latencyMicros((System.nanoTime() - started) / 1_000)
                .sizes(Math.max(0, request.getContentLength()), Math.max(0, response.getContentLength()))
                .details(Map.of(
                        "method", request.getMethodName(),
                        "path", request.getPath(),
                        "status", Integer.toString(status)))
                .emitter(emitter)
                .build();
    }

    private static Outcome outcomeOf(int status) {
        if (status == 401 || status == 403 || status == 429) {
            return Outcome.DENIED;
        }
        return status < 400 ? Outcome.SUCCESS : Outcome.FAILED;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
