package io.aurora.sql.engine;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.planner.AuroraCalciteSchema;
import io.aurora.storage.type.ColumnSchema;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;

/**
 * The columns of each table a plan reads, for column privileges: a projection over a scan (with or
 * without a filter between them, as the planner leaves them after trimming fields) reads the
 * columns its expressions and the filter use, none for a {@code count(*)}; a scan used otherwise
 * reads all its columns. That can ask for more columns than PostgreSQL does, never fewer of those
 * whose values reach the answer.
 */
final class ColumnsRead {
  private ColumnsRead() {}

  static Map<Table, Set<String>> of(RelNode plan) {
    Map<Table, Set<String>> read = new LinkedHashMap<>();
    visit(plan, read);
    return read;
  }

  private static void visit(RelNode node, Map<Table, Set<String>> read) {
    if (node instanceof Project project) {
      RelNode input = project.getInput();
      Filter filter = input instanceof Filter candidate ? candidate : null;
      RelNode below = filter != null ? filter.getInput() : input;
      if (below instanceof TableScan scan) {
        BitSet used = new BitSet();
        for (RexNode expression : project.getProjects()) {
          used.or(RelOptUtil.InputFinder.bits(expression).toBitSet());
        }
        if (filter != null) {
          used.or(RelOptUtil.InputFinder.bits(filter.getCondition()).toBitSet());
        }
        add(scan, used, read);
        return;
      }
    }
    if (node instanceof TableScan scan) {
      BitSet all = new BitSet();
      all.set(0, scan.getRowType().getFieldCount());
      add(scan, all, read);
      return;
    }
    for (RelNode input : node.getInputs()) {
      visit(input, read);
    }
  }

  private static void add(TableScan scan, BitSet used, Map<Table, Set<String>> read) {
    AuroraCalciteSchema.CalciteTable table =
        scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
    if (table == null) {
      return;
    }
    List<ColumnSchema> columns = table.table().schema().columns();
    Set<String> names = read.computeIfAbsent(table.table(), key -> new LinkedHashSet<>());
    for (int column = used.nextSetBit(0); column >= 0; column = used.nextSetBit(column + 1)) {
      if (column < columns.size()) {
        names.add(columns.get(column).name());
      }
    }
  }
}
