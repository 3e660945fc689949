package io.faasioflex.platform.durability;

import io.faasioflex.platform.testing.ApiResponse;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads the compliance API's JSON answers for assertions. */
final class Json {

    private Json() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(ApiResponse response) {
        try {
            return ObjectMapper.getDefault().readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + response.text(), e);
        }
    }

    /** The records of a {@code GET /audit} page. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(ApiResponse page) {
        return (List<Map<String, Object>>) object(page).get("records");
    }

    /** The action of one record's event. */
    @SuppressWarnings("unchecked")
    static String action(Map<String, Object> record) {
        return String.valueOf(((Map<String, Object>) record.get("event")).get("action"));
    }
}
