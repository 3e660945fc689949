package io.faasioflex.platform.auditlog;

import javax.sql.DataSource;

/** The PostgreSQL database holding the audit ledger, once its schema is migrated. */
record LedgerDatabase(DataSource dataSource) {}
