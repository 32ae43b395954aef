package io.aurora.sql.planner;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlKind;

/**
 * A statement after planning: the optimized logical plan and the names of its output columns.
 *
 * @param kind the statement kind (SELECT, INSERT, EXPLAIN's inner statement kind)
 * @param plan the optimized plan; its row type gives the output types
 * @param columnNames the output column names, as the client sees them
 */
public record PlannedStatement(SqlKind kind, RelNode plan, List<String> columnNames) {
  public PlannedStatement {
    requireNonNull(kind, "kind is null");
    requireNonNull(plan, "plan is null");
    columnNames = List.copyOf(columnNames);
  }
}
