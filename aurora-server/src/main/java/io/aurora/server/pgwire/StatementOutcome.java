package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.pgwire.copy.CopyStatement;
import io.aurora.sql.engine.CommandResult;
import org.jspecify.annotations.Nullable;

/**
 * What running one statement produced: rows, a command tag, a COPY to carry out, or nothing (an
 * empty query).
 */
sealed interface StatementOutcome {
  /** Rows to stream; whoever holds the outcome closes them. */
  record Rows(ResultRows rows) implements StatementOutcome {
    public Rows {
      requireNonNull(rows, "rows is null");
    }
  }

  /** A command tag, and a notice to send before it, or null. */
  record Command(String tag, CommandResult.@Nullable Notice notice) implements StatementOutcome {
    public Command {
      requireNonNull(tag, "tag is null");
    }

    Command(String tag) {
      this(tag, null);
    }
  }

  /** A parsed COPY: nothing has run yet; the session carries it out when it executes. */
  record Copy(CopyStatement statement) implements StatementOutcome {
    public Copy {
      requireNonNull(statement, "statement is null");
    }
  }

  record Empty() implements StatementOutcome {}
}
