package io.aurora.sql.engine;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.RowPolicy;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.planner.AuroraCalciteSchema;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.jspecify.annotations.Nullable;

/**
 * Row-level security: on a table with it enabled, a session that neither owns the table nor is a
 * superuser reads only the rows one of its policies' USING conditions accepts (a filter over each
 * scan of the table, put into the plan when it runs, so that plans stay shared between users),
 * deletes only those, and inserts only rows one of its INSERT policies' WITH CHECK conditions
 * accepts (42501 otherwise). Without an applicable policy it reads and deletes nothing and inserts
 * nothing, as in PostgreSQL. A condition is planned once per table and text ({@code SELECT * FROM
 * table WHERE condition}) and kept.
 */
final class RowSecurity {
  private final Catalog catalog;
  private final Function<String, RelNode> planner;
  private final Map<String, RexNode> conditions = new ConcurrentHashMap<>();

  /**
   * @param planner plans a query's text to its optimized relational plan, without checks
   */
  RowSecurity(Catalog catalog, Function<String, RelNode> planner) {
    this.catalog = catalog;
    this.planner = planner;
  }

  /** The plan with every scan of a table under row security filtered by the session's policies. */
  RelNode filterReads(RelNode plan) {
    String user = AccessStatements.sessionUser();
    if (user == null) {
      return plan;
    }
    AccessState access = catalog.access();
    if (!access.hasRowSecurity() || access.isSuperuser(user)) {
      return plan;
    }
    return rewrite(plan, user, access);
  }

  private RelNode rewrite(RelNode node, String user, AccessState access) {
    if (node instanceof Filter filter && filter.getInput() instanceof TableScan scan) {
      RexNode policy = readCondition(scan, user, access);
      if (policy == null) {
        return node;
      }
      RexBuilder rexBuilder = node.getCluster().getRexBuilder();
      return filter.copy(
          filter.getTraitSet(),
          scan,
          RexUtil.composeConjunction(rexBuilder, List.of(filter.getCondition(), policy)));
    }
    if (node instanceof TableScan scan) {
      RexNode policy = readCondition(scan, user, access);
      return policy == null ? node : LogicalFilter.create(scan, policy);
    }
    List<RelNode> inputs = node.getInputs();
    List<RelNode> rewritten = new ArrayList<>(inputs.size());
    boolean isChanged = false;
    for (RelNode input : inputs) {
      RelNode next = rewrite(input, user, access);
      rewritten.add(next);
      isChanged |= next != input;
    }
    return isChanged ? node.copy(node.getTraitSet(), rewritten) : node;
  }

  private @Nullable RexNode readCondition(TableScan scan, String user, AccessState access) {
    AuroraCalciteSchema.CalciteTable table =
        scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
    if (table == null) {
      return null;
    }
    String condition = usingCondition(access, user, table.table().name(), "SELECT");
    if (condition == null) {
      return null;
    }
    return condition(table.table(), condition);
  }

  /**
   * The condition of the rows {@code user} may see ({@code SELECT}) or delete ({@code DELETE}) in
   * {@code table} as SQL, or null when row security does not limit it.
   */
  static @Nullable String usingCondition(
      AccessState access, String user, String table, String command) {
    List<RowPolicy> policies = access.rowPolicies(user, table, command);
    if (policies == null) {
      return null;
    }
    List<String> accepted = new ArrayList<>();
    for (RowPolicy policy : policies) {
      if (policy.using() != null) {
        accepted.add("(" + policy.using() + ")");
      }
    }
    return accepted.isEmpty() ? "false" : String.join(" OR ", accepted);
  }

  /**
   * Fails with 42501 unless every row of {@code page} (in the table's column order) passes one of
   * the session's INSERT policies on {@code table}.
   */
  void checkInsert(Table table, Page page) {
    String user = AccessStatements.sessionUser();
    if (user == null) {
      return;
    }
    AccessState access = catalog.access();
    List<RowPolicy> policies = access.rowPolicies(user, table.name(), "INSERT");
    if (policies == null || page.positionCount() == 0) {
      return;
    }
    List<String> checks = new ArrayList<>();
    for (RowPolicy policy : policies) {
      String check = policy.withCheck() != null ? policy.withCheck() : policy.using();
      if (check != null) {
        checks.add("(" + check + ")");
      }
    }
    if (!checks.isEmpty()) {
      List<DataType> types = new ArrayList<>();
      for (ColumnSchema column : table.schema().columns()) {
        types.add(column.type());
      }
      Expression check =
          ExpressionCompiler.compile(condition(table, String.join(" OR ", checks)), types);
      Page rows = page.compact();
      Block passed = check.evaluate(rows);
      boolean isAllowed = true;
      for (int position = 0; position < rows.positionCount() && isAllowed; position++) {
        isAllowed = Boolean.TRUE.equals(passed.objectValue(position));
      }
      if (isAllowed) {
        return;
      }
    }
    throw new AuroraException(
        ErrorCode.INSUFFICIENT_PRIVILEGE,
        "new row violates row-level security policy for table \"" + table.name() + "\"");
  }

  /** The condition over the table's columns, planned once per table and text. */
  private RexNode condition(Table table, String condition) {
    String key = System.identityHashCode(table) + "\0" + table.name() + "\0" + condition;
    return conditions.computeIfAbsent(
        key,
        ignored -> {
          RelNode plan =
              planner.apply(
                  "SELECT * FROM \""
                      + table.name().replace("\"", "\"\"")
                      + "\" WHERE "
                      + condition);
          RexNode found = findCondition(plan);
          if (found != null) {
            return found;
          }
          RexBuilder rexBuilder = plan.getCluster().getRexBuilder();
          return rexBuilder.makeLiteral(containsScan(plan));
        });
  }

  private static @Nullable RexNode findCondition(RelNode node) {
    if (node instanceof Filter filter && filter.getInput() instanceof TableScan) {
      return filter.getCondition();
    }
    for (RelNode input : node.getInputs()) {
      RexNode found = findCondition(input);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static boolean containsScan(RelNode node) {
    if (node instanceof TableScan) {
      return true;
    }
    for (RelNode input : node.getInputs()) {
      if (containsScan(input)) {
        return true;
      }
    }
    return false;
  }
}
