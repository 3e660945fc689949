package io.faasioflex.platform.apikeys;

import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Creates API keys through the API and calls the platform with them, for the API key tests. */
final class ApiKeyClient {

    private final PlatformHarness platform;
    private final String adminToken;

    ApiKeyClient(PlatformHarness platform, String adminToken) {
        this.platform = platform;
        this.adminToken = adminToken;
    }

    /** Creates a key as the administrator and fails the test unless the platform accepted it. */
    Issued create(String name, String namespace, String role) {
        ApiResponse response = platform.postJson("/apikeys", adminToken, """
                {"name": "%s", "namespace": "%s", "role": "%s", "expiresInDays": 30}""".formatted(name, namespace, role));
        if (response.status() != 201) {
            throw new AssertionError("key creation refused: " + response.status() + " " + response.text());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> apiKey =
                (Map<String, Object>) platform.json(response).get("apiKey");
        return new Issued(
                platform.json(response).get("key").toString(), apiKey.get("id").toString(), response);
    }

    /** Invokes {@code function} in {@code namespace} with {@code key} as {@code Authorization: ApiKey <key>}. */
    ApiResponse invoke(String key, String namespace, String function) {
        return platform.call(
                "POST",
                "/functions/" + function + "/invoke?namespace=" + namespace,
                null,
                "hello".getBytes(StandardCharsets.UTF_8),
                "text/plain",
                Map.of("Authorization", "ApiKey " + key));
    }

    /** Any call authenticated by {@code Authorization: ApiKey <key>}; a null body sends none. */
    ApiResponse call(String method, String path, String key, String body) {
        return platform.call(
                method,
                path,
                null,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                body == null ? null : "application/json",
                Map.of("Authorization", "ApiKey " + key));
    }

    /**
     * A key as its creation answered.
     *
     * @param key the whole key, shown once
     * @param id its public id
     * @param response the creation's response
     */
    record Issued(String key, String id, ApiResponse response) {

        String subject() {
            return "apikey:" + id;
        }

        /** The secret part of the key, the part that must never be shown again. */
        String secret() {
            return key.substring(("ffx_" + id + "_").length());
        }
    }
}
