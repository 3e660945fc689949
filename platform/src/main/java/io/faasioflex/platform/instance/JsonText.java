package io.faasioflex.platform.instance;

import java.util.List;
import java.util.stream.Collectors;

/** Writes the little JSON the runtime needs (an argv for the watchdog, an error body) without a mapper. */
final class JsonText {

    private JsonText() {}

    /** A JSON string literal holding {@code value}, with quotes, backslashes and control characters escaped. */
    static String quote(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A JSON array of strings, as the watchdog reads an argv from its environment. */
    static String array(List<String> values) {
        return values.stream().map(JsonText::quote).collect(Collectors.joining(",", "[", "]"));
    }
}
