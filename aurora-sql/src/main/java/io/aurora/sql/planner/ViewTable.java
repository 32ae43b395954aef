package io.aurora.sql.planner;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.type.ColumnSchema;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A view as Calcite sees it: its row type is the columns fixed when it was created, and reading it
 * plans its query in place (rewritten from PostgreSQL's syntax as any statement is), cast to those
 * columns. Each expansion is recorded in {@code expanded}, so the statement knows which views it
 * read.
 */
final class ViewTable extends AbstractTable implements TranslatableTable {
  private final ViewDefinition view;
  private final List<String> expanded;

  ViewTable(ViewDefinition view, List<String> expanded) {
    this.view = requireNonNull(view, "view is null");
    this.expanded = requireNonNull(expanded, "expanded is null");
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (ColumnSchema column : view.columns()) {
      builder.add(column.name(), CalciteTypes.toRelDataType(typeFactory, column.type(), true));
    }
    return builder.build();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable table) {
    expanded.add(view.name());
    RelRoot root =
        context.expandView(
            table.getRowType(),
            SqlPlanner.rewrite(view.query()),
            List.of(SystemSchemas.PUBLIC),
            List.of(SystemSchemas.PUBLIC, view.name()));
    return RelOptUtil.createCastRel(root.project(), table.getRowType(), true);
  }
}
