package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

/**
 * An error the server itself reports with a PostgreSQL SQLSTATE that Aurora's engine has no code
 * for: authentication and connection errors (28000, 3D000) and unknown settings (42704).
 */
final class PgSessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  PgSessionException(String sqlState, String message) {
    super(message);
    this.sqlState = requireNonNull(sqlState, "sqlState is null");
  }

  String sqlState() {
    return sqlState;
  }
}
