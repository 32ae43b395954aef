package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a statement that returns no rows, as PostgreSQL's command tag: {@code CREATE
 * TABLE}, {@code DROP TABLE}, {@code ALTER TABLE}, or {@code INSERT} with the rows inserted; and a
 * notice for the client when the statement did less than it says, as {@code DROP TABLE IF EXISTS}
 * of a missing table does.
 */
public record CommandResult(String tag, long rowCount, @Nullable Notice notice)
    implements StatementResult {
  public CommandResult {
    requireNonNull(tag, "tag is null");
  }

  public CommandResult(String tag, long rowCount) {
    this(tag, rowCount, null);
  }

  /**
   * A PostgreSQL notice: not an error, but worth telling the client; {@code severity} is {@code
   * NOTICE} or, for a statement that did nothing it was asked to, {@code WARNING}.
   */
  public record Notice(String severity, String sqlState, String message) {
    public Notice {
      requireNonNull(severity, "severity is null");
      requireNonNull(sqlState, "sqlState is null");
      requireNonNull(message, "message is null");
    }

    /** A notice of severity NOTICE. */
    public Notice(String sqlState, String message) {
      this("NOTICE", sqlState, message);
    }
  }

  /** The tag as PostgreSQL sends it, e.g. {@code INSERT 0 3} or {@code DELETE 2}. */
  public String commandTag() {
    return switch (tag) {
      case "INSERT" -> "INSERT 0 " + rowCount;
      case "DELETE" -> "DELETE " + rowCount;
      default -> tag;
    };
  }
}
