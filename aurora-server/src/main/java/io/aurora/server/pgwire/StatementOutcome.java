package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

/** What running one statement produced: rows, a command tag, or nothing (an empty query). */
sealed interface StatementOutcome {
  /** Rows to stream; whoever holds the outcome closes them. */
  record Rows(ResultRows rows) implements StatementOutcome {
    public Rows {
      requireNonNull(rows, "rows is null");
    }
  }

  record Command(String tag) implements StatementOutcome {
    public Command {
      requireNonNull(tag, "tag is null");
    }
  }

  record Empty() implements StatementOutcome {}
}
