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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every API call, whatever its status (including calls refused before they reach a controller: no token,
 * unreadable body, unknown route), and releases the response only once JetStream acknowledged that event and every
 * other event of the request still in flight ({@link PendingAudit}); otherwise the caller gets 503. Health
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
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    MutableHttpResponse<?> end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String requestId = RequestIds.of(request);
        response.header(RequestIds.HEADER, requestId);
        if (request.getPath().equals("/health")) {
            return response;
        }
        PendingAudit pending = PendingAudit.of(request);
        try {
            pending.publish(audit, event(request, response, requestId));
            pending.awaitAll(audit.ackTimeout());
        } catch (AuditUnavailableException e) {
            LOG.error("audit unavailable, withholding response request={} status={}", requestId, response.code(), e);
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(RequestIds.HEADER, requestId)
                    .header("Retry-After", "5")
                    .body(new ApiError("audit_unavailable", "the audit log cannot record this call", requestId));
        }
        return response;
    }

    private AuditEvent event(HttpRequest<?> request, MutableHttpResponse<?> response, String requestId) {
        int status = response.code();
        long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        return AuditEvent.builder("api.call")
                .actor(Actors.of(request))
                .target(Target.none())
                .outcome(
                        outcomeOf(status),
                        request.getAttribute(ApiErrorResponses.CODE_ATTRIBUTE, String.class)
                                .orElse(""))
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
