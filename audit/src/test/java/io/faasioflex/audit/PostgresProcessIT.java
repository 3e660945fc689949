package io.faasioflex.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.testing.PostgresProcess;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The PostgreSQL test support starts a real server that keeps its data across restarts and crashes. */
class PostgresProcessIT {

    @Test
    void keepsCommittedDataAcrossRestartAndKill() throws SQLException {
        try (var postgres = PostgresProcess.start()) {
            postgres.createDatabase("keeps_data");
            try (Connection connection = postgres.connect("keeps_data");
                    var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (v int)");
                statement.execute("INSERT INTO t VALUES (1)");
            }

            postgres.restart();
            insert(postgres, 2);
            postgres.kill();
            assertThatThrownBy(() -> postgres.connect("keeps_data")).isInstanceOf(SQLException.class);
            postgres.restart();

            try (Connection connection = postgres.connect("keeps_data");
                    var result = connection.createStatement().executeQuery("SELECT count(*) FROM t")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void theApplicationRoleIsNoSuperuser() throws SQLException {
        try (var postgres = PostgresProcess.start();
                Connection connection = postgres.connect(PostgresProcess.DEFAULT_DATABASE);
                var result = connection
                        .createStatement()
                        .executeQuery("SELECT rolsuper FROM pg_roles" + " WHERE rolname = current_user")) {
            result.next();

            assertThat(result.getBoolean(1)).isFalse();
            assertThat(connection.getMetaData().getURL()).isEqualTo(postgres.jdbcUrl());
        }
    }

    private static void insert(PostgresProcess postgres, int value) throws SQLException {
        try (Connection connection = postgres.connect("keeps_data");
                var statement = connection.createStatement()) {
            statement.execute("INSERT INTO t VALUES (" + value + ")");
        }
    }
}
