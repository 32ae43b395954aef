package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import java.util.List;

/**
 * A view: its name, its query as the user wrote it, the columns the query had when the view was
 * created (names and types, fixed as PostgreSQL fixes them), and the tables and views it reads,
 * which cannot be dropped while the view exists.
 */
public record ViewDefinition(
    String name, String query, List<ColumnSchema> columns, List<String> dependencies) {
  public ViewDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(query, "query is null");
    columns = List.copyOf(columns);
    dependencies = List.copyOf(dependencies);
  }

  /** The 2BP01 error for dropping {@code relation}, on which this view depends. */
  public AuroraException dependencyError(String relation) {
    return new AuroraException(
        ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST,
        "Cannot drop [" + relation + "] because view[" + name + "] depends on it");
  }
}
