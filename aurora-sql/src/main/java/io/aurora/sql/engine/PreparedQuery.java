package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.planner.AuroraCalciteSchema;
import io.aurora.sql.planner.PlannedStatement;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * A query planned once to run many times ({@link SqlEngine#prepare}, {@link SqlEngine#execute(
 * PreparedQuery, List, java.util.concurrent.atomic.AtomicBoolean)}): its optimized plan with its
 * {@code $n} parameters open, its result columns and parameter types, and the state of the tables
 * it was planned against. Each client statement has its own; they share immutable plans through the
 * node's plan cache. Thread-safe.
 *
 * <p>A run binds each parameter as a constant ({@code CAST('text' AS type)}, which the executor
 * folds and pushes into scans like a literal) and plans the operators, skipping parsing, validation
 * and optimization. The plan is made again before a run when a table it reads was dropped,
 * recreated or altered, or its row count has moved by more than half (the join order was chosen for
 * the old sizes); if the result columns changed, the run fails with SQLSTATE 0A000 as in PostgreSQL
 * ("cached plan must not change result type").
 */
public final class PreparedQuery {
  private final String sql;
  private final List<@Nullable DataType> declaredTypes;
  private volatile Snapshot snapshot;

  PreparedQuery(String sql, List<@Nullable DataType> declaredTypes, Snapshot snapshot) {
    this.sql = requireNonNull(sql, "sql is null");
    this.declaredTypes = Collections.unmodifiableList(new ArrayList<>(declaredTypes));
    this.snapshot = requireNonNull(snapshot, "snapshot is null");
  }

  public String sql() {
    return sql;
  }

  /** The result column names. */
  public List<String> columnNames() {
    return snapshot.planned().columnNames();
  }

  /**
   * The type of each parameter by 0-based number: as declared, else as inferred from where it
   * stands; VARCHAR for a number the statement does not use.
   */
  public List<DataType> parameterTypes() {
    List<DataType> types = new ArrayList<>();
    List<@Nullable RelDataType> inferred = snapshot.planned().parameterTypes();
    for (int i = 0; i < declaredTypes.size(); i++) {
      DataType declared = declaredTypes.get(i);
      RelDataType type = i < inferred.size() ? inferred.get(i) : null;
      types.add(
          declared != null
              ? declared
              : type == null ? DataType.VARCHAR : ExpressionCompiler.toDataType(type));
    }
    return types;
  }

  List<@Nullable DataType> declaredTypes() {
    return declaredTypes;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  void replace(Snapshot replacement) {
    snapshot = replacement;
  }

  /** A plan and the tables it read when it was made. */
  record Snapshot(PlannedStatement planned, List<TableState> tables) {
    static Snapshot of(PlannedStatement planned) {
      List<TableState> tables = new ArrayList<>();
      for (AuroraCalciteSchema.CalciteTable table : planned.tables()) {
        Table source = table.table();
        tables.add(new TableState(source, source.schema(), source.rowCount()));
      }
      return new Snapshot(planned, List.copyOf(tables));
    }

    /** The tables the plan reads. */
    List<Table> tableList() {
      List<Table> read = new ArrayList<>(tables.size());
      for (TableState state : tables) {
        read.add(state.table());
      }
      return read;
    }

    /**
     * Whether every table is still the one planned against, with its columns and about its size.
     */
    boolean isCurrent(Catalog catalog) {
      for (TableState state : tables) {
        Table table = state.table();
        if (catalog.table(table.name()) != table || !table.schema().equals(state.schema())) {
          return false;
        }
        long rows = table.rowCount();
        if (rows > 2 * state.rowCount() + 1000 || 2 * rows + 1000 < state.rowCount()) {
          return false;
        }
      }
      return true;
    }

    /**
     * The plan with each parameter bound to its value, given as text (or null for NULL) and cast to
     * the parameter's type when the plan runs.
     */
    RelNode bind(List<@Nullable String> values) {
      RelNode plan = planned.plan();
      int[] parameterOfOccurrence = planned.parameterOfOccurrence();
      if (parameterOfOccurrence.length == 0) {
        return plan;
      }
      RexBuilder rexBuilder = plan.getCluster().getRexBuilder();
      RexShuttle binder =
          new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam parameter) {
              String value = values.get(parameterOfOccurrence[parameter.getIndex()]);
              if (value == null) {
                return rexBuilder.makeNullLiteral(parameter.getType());
              }
              Long integer = integerValue(parameter.getType(), value);
              if (integer != null) {
                // A literal where the executor needs one (LIMIT, OFFSET).
                return rexBuilder.makeExactLiteral(
                    BigDecimal.valueOf(integer), parameter.getType());
              }
              // A CAST call, never folded here: the executor parses the text as PostgreSQL does,
              // with its errors (22P02) for text that is not a value of the type.
              return rexBuilder.makeCall(
                  parameter.getType(),
                  SqlStdOperatorTable.CAST,
                  List.of(rexBuilder.makeLiteral(value)));
            }
          };
      return plan.accept(
          new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
              return super.visit(other).accept(binder);
            }
          });
    }
  }

  /** The value of an integer parameter given as plain digits, else null. */
  private static @Nullable Long integerValue(RelDataType type, String value) {
    if (!SqlTypeName.INT_TYPES.contains(type.getSqlTypeName())
        || !value.strip().matches("[-+]?\\d{1,18}")) {
      return null;
    }
    long parsed = Long.parseLong(value.strip());
    return switch (type.getSqlTypeName()) {
      case TINYINT -> parsed == (byte) parsed ? parsed : null;
      case SMALLINT -> parsed == (short) parsed ? parsed : null;
      case INTEGER -> parsed == (int) parsed ? parsed : null;
      default -> parsed;
    };
  }

  /** A table as the plan saw it. */
  record TableState(Table table, TableSchema schema, long rowCount) {}
}
