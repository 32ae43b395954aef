package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a statement that returns no rows, as PostgreSQL's command tag: {@code CREATE
 * TABLE}, {@code DROP TABLE}, {@code ALTER TABLE}, or {@code INSERT} with the rows inserted.
 */
public record CommandResult(String tag, long rowCount) implements StatementResult {
  public CommandResult {
    requireNonNull(tag, "tag is null");
  }

  /** The tag as PostgreSQL sends it, e.g. {@code INSERT 0 3}. */
  public String commandTag() {
    return tag.equals("INSERT") ? "INSERT 0 " + rowCount : tag;
  }
}
