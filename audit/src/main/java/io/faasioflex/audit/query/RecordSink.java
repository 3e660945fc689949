package io.faasioflex.audit.query;

import java.io.IOException;

/** Receives records one at a time from a streaming query. */
@FunctionalInterface
public interface RecordSink {

    void accept(AuditRecord record) throws IOException;
}
