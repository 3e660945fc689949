package io.faasioflex.policy.dlp;

/**
 * How much of a body the scanner reads, and how it recognises a binary body.
 *
 * @param maxScanBytes bytes scanned from the start of a body at most
 * @param skipBinary whether a body that looks binary is skipped rather than scanned
 * @param binarySniffBytes how many leading bytes are looked at to tell text from binary
 * @param binaryControlRatio share of control bytes in the sniffed prefix above which a body is binary
 */
record ScanLimits(int maxScanBytes, boolean skipBinary, int binarySniffBytes, double binaryControlRatio) {

    ScanLimits {
        if (maxScanBytes < 1 || binarySniffBytes < 1) {
            throw new IllegalArgumentException("max_scan_bytes and binary_sniff_bytes must be positive");
        }
        if (!(binaryControlRatio >= 0 && binaryControlRatio <= 1)) {
            throw new IllegalArgumentException("binary_control_ratio must lie between 0 and 1");
        }
    }

    /**
     * Whether the start of a body looks binary: a NUL byte, or more control bytes (other than tab, line feed, form
     * feed, carriage return and escape) than the ratio allows. UTF-8 text has neither.
     *
     * <p>TODO: the content type is not consulted; a caller that knows a body is, say, {@code image/png} could skip
     * the sniffing, and one that knows it is JSON could refuse to treat it as binary.
     */
    boolean looksBinary(byte[] body) {
        int sniffed = Math.min(body.length, binarySniffBytes);
        int control = 0;
        for (int i = 0; i < sniffed; i++) {
            int b = body[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if (isControl(b)) {
                control++;
            }
        }
        return sniffed > 0 && control > sniffed * binaryControlRatio;
    }

    private static boolean isControl(int b) {
        return (b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' && b != 0x1b) || b == 0x7f;
    }
}
