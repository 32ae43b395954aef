package io.aurora.sql.planner;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.type.ColumnSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * Aurora's catalog as a Calcite schema: each table with its row type and row count, read from the
 * catalog when a statement is planned. Calcite only validates and optimizes against these tables;
 * Aurora's own executor reads them.
 */
public final class AuroraCalciteSchema extends AbstractSchema {
  private final Catalog catalog;

  public AuroraCalciteSchema(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    Map<String, org.apache.calcite.schema.Table> tables = new LinkedHashMap<>();
    for (String name : catalog.tableNames()) {
      Table table = catalog.table(name);
      if (table != null) {
        tables.put(name, new CalciteTable(table));
      }
    }
    return tables;
  }

  /** One Aurora table as Calcite sees it. */
  public static final class CalciteTable extends AbstractTable {
    private final Table table;

    CalciteTable(Table table) {
      this.table = table;
    }

    /** The Aurora table behind this Calcite table. */
    public Table table() {
      return table;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      RelDataTypeFactory.Builder builder = typeFactory.builder();
      for (ColumnSchema column : table.schema().columns()) {
        builder.add(column.name(), CalciteTypes.toRelDataType(typeFactory, column));
      }
      return builder.build();
    }

    @Override
    public Statistic getStatistic() {
      return Statistics.of(Math.max(1, table.rowCount()), List.of());
    }
  }
}
