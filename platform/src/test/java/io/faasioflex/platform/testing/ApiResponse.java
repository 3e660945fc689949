package io.faasioflex.platform.testing;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A response as the test client received it: status, headers and the raw body. */
public record ApiResponse(int status, HttpHeaders headers, byte[] body) {

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse("");
    }

    public String requestId() {
        return header("X-Request-Id");
    }
}
