package io.aurora.sql.engine;

/**
 * Observes every statement the {@link SqlEngine} runs, once, when it ends: for the node's metrics
 * and query log, without the engine knowing how they are kept. A command ends when {@code execute}
 * returns or throws; a query ends when its {@link QueryResult} is closed (its duration includes the
 * time the caller took to read the rows), or when planning or reading it fails.
 *
 * <p>Contract: called on the thread that ran or closed the statement, possibly from many threads at
 * once; it must be fast, must not block and must not throw.
 */
@FunctionalInterface
public interface StatementListener {
  /** A listener that ignores everything. */
  StatementListener NONE = statement -> {};

  /** One statement ended. */
  void statementFinished(FinishedStatement statement);

  /** A listener that tells {@code this} and then {@code next}. */
  default StatementListener andThen(StatementListener next) {
    return statement -> {
      statementFinished(statement);
      next.statementFinished(statement);
    };
  }

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
