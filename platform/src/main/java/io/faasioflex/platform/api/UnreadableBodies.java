package io.faasioflex.platform.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why a request body could not be read, in the API's own words. The parser's messages name its classes, its
 * feature flags and the platform's types; none of that reaches a caller.
 */
final class UnreadableBodies {

    /** How micronaut-serde words a document nested beyond {@code micronaut.serde.maximum-nesting-depth}. */
    private static final String DEPTH_EXCEEDED = "Maximum depth exceeded";
    /** How micronaut-serde words a field that a type with {@code ignoreUnknown = false} does not declare. */
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("^Unknown property \\[([A-Za-z0-9_.-]{1,64})\\]");

    private UnreadableBodies() {}

    /** The code and message for {@code failure} when it is a body the JSON parser refused; empty otherwise. */
    static Optional<Problem> describe(Throwable failure, int maxDepth) {
        List<Throwable> chain = chain(failure);
        if (chain.stream().anyMatch(UnreadableBodies::nestedTooDeep)) {
            return problem("malformed_json", "the request body nests JSON deeper than " + maxDepth + " levels");
        }
        if (first(chain, StreamConstraintsException.class).isPresent()) {
            return problem("malformed_json", "the request body exceeds the parser's limits on JSON nesting or size");
        }
        Optional<JsonParseException> syntax = first(chain, JsonParseException.class);
        if (syntax.isPresent() || first(chain, JsonSyntaxException.class).isPresent()) {
            String where = syntax.map(e -> at(e.getLocation())).orElse("");
            return problem("malformed_json", "the request body is not well-formed JSON" + where);
        }
        Optional<String> unknown = unknownField(chain);
        if (unknown.isPresent()) {
            return problem("invalid_field", "the request body has a field the API does not know: " + unknown.get());
        }
        if (first(chain, SerdeException.class).isPresent()
                || first(chain, StreamReadException.class).isPresent()) {
            return problem("invalid_field", field(chain) + " has a value of the wrong type or out of range");
        }
        return Optional.empty();
    }

    /** The name of a field a type refuses as unknown, when it is a plain name fit to quote back. */
    private static Optional<String> unknownField(List<Throwable> chain) {
        return chain.stream()
                .filter(SerdeException.class::isInstance)
                .map(Throwable::getMessage)
                .filter(message -> message != null)
                .map(UNKNOWN_PROPERTY::matcher)
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .findFirst();
    }

    private static boolean nestedTooDeep(Throwable failure) {
        return failure instanceof SerdeException
                && failure.getMessage() != null
                && failure.getMessage().startsWith(DEPTH_EXCEEDED);
    }

    /** The field the parser stopped at, as a path such as {@code environment[HOME]}, when it says which. */
    private static String field(List<Throwable> chain) {
        for (Throwable failure : chain) {
            if (failure instanceof SerdeException serde && !serde.getPath().isEmpty()) {
                return "field " + path(serde.getPath()) + " of the request body";
            }
        }
        return first(chain, StreamReadException.class)
                .map(e -> "a field of the request body" + at(e.getLocation()))
                .orElse("a field of the request body");
    }

    /** Serde lists the innermost step first. */
    private static String path(List<ReferencePath> steps) {
        StringBuilder path = new StringBuilder();
        for (ReferencePath step : steps.reversed()) {
            switch (step) {
                case PropertyReferencePath property ->
                    path.append(path.isEmpty() ? "" : ".")
                            .append(property.property().getName());
                case CollectionItemReferencePath item ->
                    path.append('[').append(item.index()).append(']');
                case MapItemReferencePath entry ->
                    path.append('[').append(entry.key()).append(']');
                default -> path.append("[?]");
            }
        }
        return path.toString();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static <T> Optional<T> first(List<Throwable> chain, Class<T> type) {
        return chain.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private static Optional<Problem> problem(String code, String message) {
        return Optional.of(new Problem(code, message));
    }

    /** A stable code and a message that names the input and the rule it broke. */
    record Problem(String code, String message) {}
}
