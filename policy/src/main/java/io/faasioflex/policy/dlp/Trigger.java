package io.faasioflex.policy.dlp;

import java.util.List;

/**
 * Where a detector's pattern can match, found by a cheap pass instead of trying the pattern at every position.
 * Running a regular expression over a whole body costs a few nanoseconds per byte and pattern; a trigger narrows
 * the search to windows around the places a match must touch, so a body without such places costs almost nothing.
 *
 * <p>A trigger must be sound: every match the pattern could find over the whole body lies inside a window.
 */
sealed interface Trigger {

    /**
     * The windows to search, as {@code [start0, end0, start1, end1, ...]}, sorted and not overlapping.
     *
     * @param text the body, one character per byte
     * @param runs the body's digit runs, computed once per scan and shared by all detectors
     */
    int[] windows(String text, DigitRuns runs);

    /** No trigger: the whole body is searched. */
    record Everywhere() implements Trigger {
        @Override
        public int[] windows(String text, DigitRuns runs) {
            return new int[] {0, text.length()};
        }
    }

    /**
     * A match contains one of these strings, starting at most {@code before} characters ahead of it and ending at
     * most {@code after} characters behind it.
     */
    record Literals(List<String> literals, int before, int after) implements Trigger {

        public Literals {
            literals = List.copyOf(literals);
            if (literals.isEmpty() || literals.stream().anyMatch(String::isEmpty) || before < 0 || after < 0) {
                throw new IllegalArgumentException("a literal trigger needs non-empty literals and margins >= 0");
            }
        }

        @Override
        public int[] windows(String text, DigitRuns runs) {
            var windows = new WindowList(text.length());
            for (var literal : literals) {
                for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
                    windows.add(at - before, at + literal.length() + after);
                }
            }
            return windows.merged();
        }
    }

    /**
     * A match overlaps a run of at least {@code minDigits} digits (see {@link DigitRuns}), or, when
     * {@code contiguous}, a run holding that many digits in a row; it starts at most {@code before} characters ahead
     * of the run and ends at most {@code after} characters behind it.
     */
    record Digits(int minDigits, boolean contiguous, int before, int after) implements Trigger {

        public Digits {
            if (minDigits < 1 || before < 0 || after < 0) {
                throw new IllegalArgumentException("a digits trigger needs digits >= 1 and margins >= 0");
            }
        }

        @Override
        public int[] windows(String text, DigitRuns runs) {
            var windows = new WindowList(text.length());
            for (int i = 0; i < runs.size(); i++) {
                if ((contiguous ? runs.longestBlock(i) : runs.digits(i)) >= minDigits) {
                    windows.add(runs.start(i) - before, runs.end(i) + after);
                }
            }
            return windows.merged();
        }
    }
}
