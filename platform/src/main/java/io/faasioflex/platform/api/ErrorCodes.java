package io.faasioflex.platform.api;

import io.micronaut.http.HttpRequest;

/** The error code a request was answered with, kept on the request for its {@code api.call} audit event. */
public final class ErrorCodes {

    private static final String ATTRIBUTE = "faas.error-code";

    private ErrorCodes() {}

    /** Notes that {@code request} is answered with the error {@code code}. */
    public static void record(HttpRequest<?> request, String code) {
        request.setAttribute(ATTRIBUTE, code);
    }

    /** The error code {@code request} was answered with; empty when none. */
    static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElse("");
    }
}
