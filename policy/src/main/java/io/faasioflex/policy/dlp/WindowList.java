package io.faasioflex.policy.dlp;

import java.util.Arrays;

/** Collects search windows within a text and merges those that overlap or touch. */
final class WindowList {

    private final int textLength;
    private long[] windows = new long[16];
    private int size;

    WindowList(int textLength) {
        this.textLength = textLength;
    }

    /** Adds {@code [start, end)}, clipped to the text. */
    void add(int start, int end) {
        int from = Math.max(0, start);
        int to = Math.min(textLength, end);
        if (from >= to) {
            return;
        }
        if (size == windows.length) {
            windows = Arrays.copyOf(windows, size * 2);
        }
        // One long per window, start in the high half, so sorting orders by start.
        windows[size++] = ((long) from << 32) | to;
    }

    /** The windows sorted by start, overlapping ones merged, as {@code [start0, end0, start1, end1, ...]}. */
    int[] merged() {
        Arrays.sort(windows, 0, size);
        var out = new int[size * 2];
        int count = 0;
        for (int i = 0; i < size; i++) {
            int start = (int) (windows[i] >>> 32);
            int end = (int) windows[i];
            if (count > 0 && start <= out[count - 1]) {
                out[count - 1] = Math.max(out[count - 1], end);
            } else {
                out[count++] = start;
                out[count++] = end;
            }
        }
        return Arrays.copyOf(out, count);
    }
}
