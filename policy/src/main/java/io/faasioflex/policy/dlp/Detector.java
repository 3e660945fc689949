package io.faasioflex.policy.dlp;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A detector from the rules: regular expressions that find candidates and a validator that confirms them.
 *
 * @param name the detector's name, such as {@code aws_access_key}
 * @param type the finding type it reports, such as {@code cloud_key}
 * @param validator confirms a candidate (checksum, check letter, structure) and fixes its end
 * @param patterns tried in order; a match's span is its group {@code value} when the pattern has one
 * @param trigger where the patterns are searched
 */
record Detector(String name, String type, Validator validator, List<Pattern> patterns, Trigger trigger) {

    /** The group name that narrows a match to the sensitive part, as in {@code AccountKey=(?<value>...)}. */
    static final String VALUE_GROUP = "value";

    Detector {
        patterns = List.copyOf(patterns);
    }
}
