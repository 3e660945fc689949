package io.faasioflex.audit.query;

import java.io.IOException;
import java.io.Writer;

/** Writes records in one export format, one after the other. */
interface RecordWriter {

    /** Writes whatever precedes the first record (a header row, for example). */
    default void begin(Writer out) throws IOException {}

    void write(Writer out, AuditRecord record) throws IOException;

    static RecordWriter of(ExportFormat format) {
        return switch (format) {
            case JSON_LINES -> new JsonLinesWriter();
            case CSV -> new CsvWriter();
            case OCSF -> new OcsfWriter();
        };
    }
}
