package io.faasioflex.policy.dlp;

import java.util.Arrays;

/**
 * The runs of digits in a text, found in one pass. A run is digits separated by at most two characters from
 * {@code " -./()"}, as card numbers, IBANs, identity numbers and phone numbers are written; it starts at its first
 * digit and ends after its last. Each run also knows its longest block of digits with no separator, so a trigger can
 * tell {@code 12345678} (a DNI's digits) from {@code 2024-05-01} (a date).
 */
final class DigitRuns {

    private static final int MAX_SEPARATORS = 2;

    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int[] digits = new int[64];
    private int[] blocks = new int[64];
    private int size;

    private DigitRuns() {}

    /** Finds the runs in the first {@code length} bytes of a body. */
    static DigitRuns of(byte[] body, int length) {
        var runs = new DigitRuns();
        int i = 0;
        while (i < length) {
            if (!isDigit(body[i])) {
                i++;
                continue;
            }
            i = runs.readRun(body, length, i);
        }
        return runs;
    }

    int size() {
        return size;
    }

    int start(int run) {
        return starts[run];
    }

    int end(int run) {
        return ends[run];
    }

    int digits(int run) {
        return digits[run];
    }

    /** The longest block of consecutive digits in a run. */
    int longestBlock(int run) {
        return blocks[run];
    }

    /** Reads the run starting at a digit and returns the position after it. */
    private int readRun(byte[] body, int length, int start) {
        int count = 0;
        int block = 0;
        int longest = 0;
        int end = start;
        int i = start;
        while (i < length) {
            if (isDigit(body[i])) {
                count++;
                longest = Math.max(longest, ++block);
                end = ++i;
                continue;
            }
            block = 0;
            int separators = 0;
            while (i < length && separators <= MAX_SEPARATORS && isSeparator(body[i])) {
                separators++;
                i++;
            }
            if (separators == 0 || separators > MAX_SEPARATORS || i >= length || !isDigit(body[i])) {
                break;
            }
        }
        add(start, end, count, longest);
        return Math.max(end, i);
    }

    private void add(int start, int end, int count, int longest) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            digits = Arrays.copyOf(digits, size * 2);
            blocks = Arrays.copyOf(blocks, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        digits[size] = count;
        blocks[size] = longest;
        size++;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(byte c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
    }
}
