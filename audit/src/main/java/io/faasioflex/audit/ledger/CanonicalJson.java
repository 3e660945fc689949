package io.faasioflex.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON in one canonical form, so that the same value always gives the same bytes.
 *
 * <p>The rules (also in {@code audit/LEDGER.md}): no whitespace; object members sorted by key, comparing keys as
 * Java strings (UTF-16 code units); strings escaped only where JSON requires it ({@code "} as {@code \"}, {@code \}
 * as {@code \\}, every character below U+0020 as {@code \}{@code u00xx} with lower-case hex), everything else
 * written as is and encoded as UTF-8; integers in plain decimal. Accepted values: {@link Map} with string keys,
 * {@link Collection}, {@link CharSequence}, {@link Integer}, {@link Long}, {@link Boolean}.
 */
public final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** The canonical UTF-8 bytes of {@code value}. */
    public static byte[] bytes(Object value) {
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of {@code value}. */
    public static String text(Object value) {
        var out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    /** Appends the canonical text of {@code value} to {@code out}. */
    public static void append(StringBuilder out, Object value) {
        switch (value) {
            case Map<?, ?> map -> appendObject(out, map);
            case Collection<?> list -> appendArray(out, list);
            case CharSequence text -> appendString(out, text);
            case Integer number -> out.append(number.intValue());
            case Long number -> out.append(number.longValue());
            case Boolean flag -> out.append(flag.booleanValue());
            case null -> throw new IllegalArgumentException("canonical JSON holds no null");
            default -> throw new IllegalArgumentException("not a canonical JSON value: " + value.getClass());
        }
    }

    private static void appendObject(StringBuilder out, Map<?, ?> map) {
        var sorted = new TreeMap<String, Object>();
        map.forEach((key, value) -> sorted.put(requireKey(key), value));
        out.append('{');
        boolean first = true;
        for (var member : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, member.getKey());
            out.append(':');
            append(out, member.getValue());
        }
        out.append('}');
    }

    private static void appendArray(StringBuilder out, Collection<?> list) {
        out.append('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            append(out, element);
        }
        out.append(']');
    }

    private static void appendString(StringBuilder out, CharSequence text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static String requireKey(Object key) {
        if (key instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("canonical JSON object keys are strings, got " + key);
    }
}
