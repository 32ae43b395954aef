package io.aurora.sql.engine;

import io.aurora.storage.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Observes every statement the {@link SqlEngine} runs, once, when it ends: for the node's metrics,
 * without the engine knowing how they are kept. A command ends when {@code execute} returns or
 * throws; a query ends when its {@link QueryResult} is closed (its duration includes the time the
 * caller took to read the rows), or when planning or reading it fails.
 *
 * <p>Contract: called on the thread that ran or closed the statement, possibly from many threads at
 * once; it must be fast, must not block and must not throw.
 */
@FunctionalInterface
public interface StatementListener {
  /** A listener that ignores everything. */
  StatementListener NONE = (kind, durationNanos, rows, error) -> {};

  /**
   * One statement ended.
   *
   * @param kind what the statement was
   * @param durationNanos from the start of {@code execute} to the end
   * @param rows rows inserted ({@link Kind#INSERT}, {@link Kind#COPY}, {@link Kind#INGEST}),
   *     deleted ({@link Kind#DELETE}) or returned ({@link Kind#QUERY}, {@link Kind#EXPLAIN}, and
   *     DDL that lists, such as SHOW TABLES); 0 otherwise and on failure
   * @param error the failure's code, or null when the statement succeeded
   */
  void statementFinished(Kind kind, long durationNanos, long rows, @Nullable ErrorCode error);

  /** The kinds of statement, for counting them apart. */
  enum Kind {
    QUERY,
    INSERT,
    /** COPY FROM, which the server runs beside the engine; its rows count as inserted. */
    COPY,
    /** A gRPC Ingest batch, which the server applies beside the engine; rows count as inserted. */
    INGEST,
    /** DELETE and TRUNCATE; their rows count as deleted. */
    DELETE,
    EXPLAIN,
    DDL,
    /** A statement that failed before its kind was known, such as one that does not parse. */
    OTHER
  }
}
