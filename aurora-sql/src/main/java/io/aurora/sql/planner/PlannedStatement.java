package io.aurora.sql.planner;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.jspecify.annotations.Nullable;

/**
 * A statement after planning: the optimized logical plan and the names of its output columns.
 *
 * @param kind the statement kind (SELECT, INSERT, EXPLAIN's inner statement kind)
 * @param plan the optimized plan; its row type gives the output types
 * @param columnNames the output column names, as the client sees them
 * @param parameterOfOccurrence for each dynamic parameter of the plan ({@code RexDynamicParam}
 *     index), the 0-based number of the statement's {@code $n} it stands for; empty without
 *     parameters
 * @param parameterTypes the type of each {@code $n} by 0-based number, as declared or as Calcite
 *     inferred it; null for a number the statement does not use
 * @param isReusable whether the plan may run again later, for another session too: it reads user
 *     tables only and no catalog function was evaluated into it while planning (system tables and
 *     catalog functions are answered as of planning time)
 * @param views the views the statement read, also through other views
 */
public record PlannedStatement(
    SqlKind kind,
    RelNode plan,
    List<String> columnNames,
    int[] parameterOfOccurrence,
    List<@Nullable RelDataType> parameterTypes,
    boolean isReusable,
    List<String> views) {
  public PlannedStatement {
    requireNonNull(kind, "kind is null");
    requireNonNull(plan, "plan is null");
    columnNames = List.copyOf(columnNames);
    parameterOfOccurrence = parameterOfOccurrence.clone();
    parameterTypes = Collections.unmodifiableList(new ArrayList<>(parameterTypes));
    views = List.copyOf(new LinkedHashSet<>(views));
  }

  /** The user tables the plan reads, each once. */
  public List<AuroraCalciteSchema.CalciteTable> tables() {
    List<AuroraCalciteSchema.CalciteTable> tables = new ArrayList<>();
    plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(TableScan scan) {
            AuroraCalciteSchema.CalciteTable table =
                scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
            if (table != null && !tables.contains(table)) {
              tables.add(table);
            }
            return super.visit(scan);
          }
        });
    return tables;
  }
}
