package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the SQL engine.
 *
 * <ul>
 *   <li>{@code query.max-memory} (1073741824, 1 GiB): the memory one query may hold in hash tables,
 *       sort buffers and window state; a query that needs more fails with SQLSTATE 53200 and the
 *       node stays healthy. Raise it for large joins and aggregations, lower it to protect
 *       concurrent queries from each other.
 *   <li>{@code query.statement-timeout} (PT0S, none): a statement still running after this is
 *       cancelled with SQLSTATE 57014, like PostgreSQL's {@code statement_timeout}.
 * </ul>
 */
public record EngineConfig(long queryMaxMemoryBytes, Duration statementTimeout) {
  public static final EngineConfig DEFAULT = new EngineConfig(1L << 30, Duration.ZERO);

  public EngineConfig {
    requireNonNull(statementTimeout, "statementTimeout is null");
    if (queryMaxMemoryBytes <= 0) {
      throw new IllegalArgumentException("query.max-memory must be positive");
    }
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("query.statement-timeout must not be negative");
    }
  }

  public EngineConfig withQueryMaxMemoryBytes(long bytes) {
    return new EngineConfig(bytes, statementTimeout);
  }

  public EngineConfig withStatementTimeout(Duration timeout) {
    return new EngineConfig(queryMaxMemoryBytes, timeout);
  }
}
