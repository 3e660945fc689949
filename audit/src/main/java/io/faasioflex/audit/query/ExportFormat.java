package io.faasioflex.audit.query;

/** The formats an export can be written in. */
public enum ExportFormat {
    /** One JSON object per line (canonical JSON, see {@code CanonicalJson}). */
    JSON_LINES("application/x-ndjson", "jsonl"),
    /** RFC 4180 CSV with a header row; text cells that a spreadsheet would run as a formula start with {@code '}. */
    CSV("text/csv; charset=utf-8", "csv"),
    /** One OCSF 1.3 API Activity event (class 6003) per line, as JSON Lines. */
    OCSF("application/x-ndjson", "ocsf.jsonl");

    private final String contentType;
    private final String fileExtension;

    ExportFormat(String contentType, String fileExtension) {
        this.contentType = contentType;
        this.fileExtension = fileExtension;
    }

    /** The HTTP content type of an export in this format. */
    public String contentType() {
        return contentType;
    }

    /** A file name extension for an export in this format, without the dot. */
    public String fileExtension() {
        return fileExtension;
    }
}
