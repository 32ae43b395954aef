package io.aurora.sql.execution;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.planner.AuroraCalciteSchema;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.type.ColumnSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * The rows a DELETE removes, in the form storage deletes them: a disjunction of conjunctions of
 * {@link ColumnPredicate}s, found in the optimized plan of {@code SELECT * FROM table WHERE
 * condition}. Storage evaluates the predicates on every replica (see {@link Table#delete}), so the
 * whole condition must translate: a column compared with a constant (constant expressions such as
 * {@code now() - INTERVAL '30 days'} included), BETWEEN, IN, IS [NOT] NULL and LIKE 'prefix%',
 * combined with AND, OR and NOT. Anything else (a function of a column, a subquery) fails with
 * SQLSTATE 0A000 and says which part.
 */
public final class DeleteConditions {
  /** At most this many conjunctions, so that an IN list crossed with another stays cheap. */
  static final int MAX_CONJUNCTIONS = 1024;

  private static final Pattern INPUT = Pattern.compile("\\$(\\d+)");

  private DeleteConditions() {}

  /**
   * What to delete: the target table and the disjunction (empty when no row can match, one empty
   * conjunction when every row does).
   */
  public record Target(Table table, List<List<ColumnPredicate>> disjunction) {}

  /** The target of a DELETE whose condition {@code plan} (of the SELECT above) filters. */
  public static Target of(RelNode plan, String tableName) {
    RelNode node = plan;
    while (node instanceof Project project) {
      node = project.getInput();
    }
    if (node instanceof Values values && values.getTuples().isEmpty()) {
      // The condition is never true (WHERE false, or contradictory ranges).
      return new Target(requireTable(findScan(plan), tableName), List.of());
    }
    if (node instanceof LogicalTableScan scan) {
      return new Target(table(scan), List.of(List.of()));
    }
    if (node instanceof Filter filter && filter.getInput() instanceof LogicalTableScan scan) {
      Table table = table(scan);
      RexBuilder rexBuilder = scan.getCluster().getRexBuilder();
      RexNode condition = filter.getCondition().accept(new WideningCasts());
      return new Target(table, disjunction(condition, table.schema().columns(), rexBuilder));
    }
    throw unsupported(
        "DELETE supports a condition on the table's own columns only (no subqueries or joins)");
  }

  private static Table requireTable(@Nullable LogicalTableScan scan, String tableName) {
    if (scan == null) {
      // A system table, answered as constants when the statement is planned.
      throw unsupported("DELETE FROM " + tableName + ": only a table's rows can be deleted");
    }
    return table(scan);
  }

  private static @Nullable LogicalTableScan findScan(RelNode node) {
    if (node instanceof LogicalTableScan scan) {
      return scan;
    }
    for (RelNode input : node.getInputs()) {
      LogicalTableScan scan = findScan(input);
      if (scan != null) {
        return scan;
      }
    }
    return null;
  }

  private static Table table(LogicalTableScan scan) {
    AuroraCalciteSchema.CalciteTable table =
        scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
    if (table == null) {
      throw unsupported("DELETE works on Aurora tables only");
    }
    return table.table();
  }

  /**
   * Replaces a cast of a column to a type that holds every value of the column's type unchanged (an
   * integer or decimal widened at the same scale, a longer VARCHAR) by the column itself, the form
   * Calcite gives {@code amount > 200} on a DECIMAL(10, 2) column. The comparison keeps its
   * meaning: a constant the column's type cannot hold exactly is not translated at all.
   */
  private static final class WideningCasts extends RexShuttle {
    @Override
    public RexNode visitCall(RexCall call) {
      if (call.getKind() == SqlKind.CAST
          && call.getOperands().get(0) instanceof RexInputRef input
          && isWidening(input.getType(), call.getType())) {
        return input;
      }
      return super.visitCall(call);
    }

    private static boolean isWidening(RelDataType from, RelDataType to) {
      SqlTypeName source = from.getSqlTypeName();
      SqlTypeName target = to.getSqlTypeName();
      if (SqlTypeName.EXACT_TYPES.contains(source) && SqlTypeName.EXACT_TYPES.contains(target)) {
        int sourceScale = source == SqlTypeName.DECIMAL ? from.getScale() : 0;
        int targetScale = target == SqlTypeName.DECIMAL ? to.getScale() : 0;
        return sourceScale == targetScale
            && to.getPrecision() - targetScale >= from.getPrecision() - sourceScale;
      }
      if (source == SqlTypeName.VARCHAR && target == SqlTypeName.VARCHAR) {
        return to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
            || to.getPrecision() >= from.getPrecision();
      }
      return false;
    }
  }

  /** The condition as OR of ANDs of storage predicates; fails when a part does not translate. */
  static List<List<ColumnPredicate>> disjunction(
      RexNode condition, List<ColumnSchema> columns, RexBuilder rexBuilder) {
    List<List<ColumnPredicate>> result = translate(condition, columns, rexBuilder, false);
    if (result == null) {
      // A SEARCH (IN list, several ranges) storage cannot take as one predicate: expand it.
      result = translate(condition, columns, rexBuilder, true);
    }
    return List.copyOf(requireNonNull(result));
  }

  private static @Nullable List<List<ColumnPredicate>> translate(
      RexNode condition, List<ColumnSchema> columns, RexBuilder rexBuilder, boolean isLast) {
    // As a WHERE clause: unknown is false, so NOT (id > 20) is id <= 20.
    RexNode simplified =
        new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR)
            .simplifyUnknownAsFalse(condition);
    if (isLast) {
      // Half-open ranges and several ranges of one column become plain comparisons; after the
      // simplification, which would fold them back into a SEARCH.
      simplified = RexUtil.expandSearch(rexBuilder, null, simplified);
    }
    RexNode dnf = RexUtil.toDnf(rexBuilder, simplified);
    List<RexNode> disjuncts = RelOptUtil.disjunctions(dnf);
    if (disjuncts.size() > MAX_CONJUNCTIONS) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "DELETE condition expands to "
              + disjuncts.size()
              + " alternatives; at most "
              + MAX_CONJUNCTIONS
              + " are supported: split the DELETE into several");
    }
    List<List<ColumnPredicate>> result = new ArrayList<>(disjuncts.size());
    for (RexNode disjunct : disjuncts) {
      if (disjunct.isAlwaysTrue()) {
        return List.of(List.of());
      }
      if (disjunct.isAlwaysFalse()) {
        continue;
      }
      List<ColumnPredicate> conjunction = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(disjunct)) {
        ColumnPredicate predicate = ScanPredicates.toColumnPredicate(conjunct, columns);
        if (predicate == null) {
          if (!isLast) {
            return null;
          }
          throw unsupported(
              "DELETE cannot evaluate the condition ["
                  + describe(conjunct, columns)
                  + "] in storage: it supports columns compared with constants, BETWEEN, IN,"
                  + " IS [NOT] NULL and LIKE 'prefix%', combined with AND, OR and NOT");
        }
        conjunction.add(predicate);
      }
      result.add(List.copyOf(conjunction));
    }
    return result;
  }

  /** The condition as Calcite prints it, with the table's column names for its inputs. */
  private static String describe(RexNode conjunct, List<ColumnSchema> columns) {
    Matcher input = INPUT.matcher(conjunct.toString());
    StringBuilder text = new StringBuilder();
    while (input.find()) {
      int index = Integer.parseInt(input.group(1));
      String name = index < columns.size() ? columns.get(index).name() : input.group();
      input.appendReplacement(text, Matcher.quoteReplacement(name));
    }
    input.appendTail(text);
    return text.toString();
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new AssertionError("translated");
    }
    return value;
  }

  private static AuroraException unsupported(String message) {
    return new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, message);
  }
}
