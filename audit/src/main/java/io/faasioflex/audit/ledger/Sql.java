package io.faasioflex.audit.ledger;

import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.AuditUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Turns JDBC failures into the audit module's exceptions. */
public final class Sql {

    private Sql() {}

    /**
     * An {@link AuditUnavailableException} when the database could not be reached or went away (SQL state class 08,
     * an administrator shutdown 57P01–57P03, a connection timeout), else an {@link AuditException}.
     */
    public static AuditException failure(String what, SQLException e) {
        if (isUnavailable(e)) {
            return new AuditUnavailableException(what + ": database unavailable (" + e.getMessage() + ")", e);
        }
        return new AuditException(what + ": " + e.getMessage(), e);
    }

    /** Whether {@code e} means the database is unreachable rather than that the statement is wrong. */
    public static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException
                || state.startsWith("08")
                || state.startsWith("57P");
    }
}
