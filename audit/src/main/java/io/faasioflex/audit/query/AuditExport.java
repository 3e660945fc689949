package io.faasioflex.audit.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Streams the rows matching a filter to an output stream as JSON Lines, CSV or OCSF, row by row from a database
 * cursor: an export of millions of rows holds a few hundred in memory at a time. The caller owns (and closes) the
 * stream; a failure to write stops the export with an {@link IOException}.
 */
public final class AuditExport {

    private static final int BUFFER_CHARS = 64 * 1024;

    private final AuditQuery query;

    public AuditExport(AuditQuery query) {
        this.query = Objects.requireNonNull(query, "query");
    }

    /**
     * Writes every row matching {@code filter}, in stream order, to {@code out} in {@code format}, UTF-8 encoded.
     *
     * @return how many rows were written
     */
    public long write(AuditFilter filter, ExportFormat format, OutputStream out) throws IOException {
        RecordWriter writer = RecordWriter.of(format);
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_CHARS);
        writer.begin(text);
        long written = query.forEach(filter, record -> writer.write(text, record));
        text.flush();
        return written;
    }
}
