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
 *   <li>{@code query.parallelism} (the number of cores): worker threads of the node's query pool,
 *       and how many of them one scan uses. Lower it to leave cores to ingestion; 1 runs every
 *       query on its calling thread.
 *   <li>{@code query.plan-cache-size} (256): query plans the node keeps by statement text (and
 *       parameter types), so that a statement sent again, or a prepared statement, is not planned
 *       again; 0 turns the cache off.
 *   <li>{@code query.remote-fragments} (true): in a cluster, a scan of a shard held by another node
 *       runs its filter, projections and partial aggregation or top-N on that node, where they cut
 *       the rows down, and that node sends back their result instead of every row it read; false
 *       sends the rows and computes everything here, as before (for comparison, or to take load off
 *       the other nodes).
 * </ul>
 */
public record EngineConfig(
    long queryMaxMemoryBytes,
    Duration statementTimeout,
    int queryParallelism,
    int planCacheSize,
    boolean remoteFragments) {
  public static final int DEFAULT_PLAN_CACHE_SIZE = 256;
  public static final EngineConfig DEFAULT =
      new EngineConfig(
          1L << 30,
          Duration.ZERO,
          Runtime.getRuntime().availableProcessors(),
          DEFAULT_PLAN_CACHE_SIZE,
          true);

  public EngineConfig {
    requireNonNull(statementTimeout, "statementTimeout is null");
    if (queryMaxMemoryBytes <= 0) {
      throw new IllegalArgumentException("query.max-memory must be positive");
    }
    if (queryParallelism < 1) {
      throw new IllegalArgumentException("query.parallelism must be at least 1");
    }
    if (planCacheSize < 0) {
      throw new IllegalArgumentException("query.plan-cache-size must not be negative");
    }
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("query.statement-timeout must not be negative");
    }
  }

  public EngineConfig withQueryMaxMemoryBytes(long bytes) {
    return new EngineConfig(
        bytes, statementTimeout, queryParallelism, planCacheSize, remoteFragments);
  }

  public EngineConfig withStatementTimeout(Duration timeout) {
    return new EngineConfig(
        queryMaxMemoryBytes, timeout, queryParallelism, planCacheSize, remoteFragments);
  }

  public EngineConfig withQueryParallelism(int parallelism) {
    return new EngineConfig(
        queryMaxMemoryBytes, statementTimeout, parallelism, planCacheSize, remoteFragments);
  }

  public EngineConfig withPlanCacheSize(int entries) {
    return new EngineConfig(
        queryMaxMemoryBytes, statementTimeout, queryParallelism, entries, remoteFragments);
  }

  public EngineConfig withRemoteFragments(boolean enabled) {
    return new EngineConfig(
        queryMaxMemoryBytes, statementTimeout, queryParallelism, planCacheSize, enabled);
  }
}
