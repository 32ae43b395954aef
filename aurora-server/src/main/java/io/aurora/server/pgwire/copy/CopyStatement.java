package io.aurora.server.pgwire.copy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed COPY statement. Exactly one of {@code table} and {@code query} is set; a query is only
 * allowed with {@code TO}. {@code file} is the absolute server path of {@code COPY ... FROM
 * 'file'}, or null for {@code STDIN} / {@code STDOUT}.
 *
 * @param columns the listed columns (normalized names), empty when none were listed
 */
public record CopyStatement(
    @Nullable String table,
    List<String> columns,
    @Nullable String query,
    boolean isFrom,
    @Nullable String file,
    CopyOptions options) {

  public CopyStatement {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(options, "options is null");
    if ((table == null) == (query == null)) {
      throw new IllegalArgumentException("exactly one of table and query must be set");
    }
  }

  /** Whether this reads rows from the client's CopyData messages. */
  public boolean isFromStdin() {
    return isFrom && file == null;
  }
}
