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
 * One schema of Aurora's tables as Calcite sees it: each table with its row type and row count,
 * read from the catalog (or the system schemas) when a statement is planned. Calcite only validates
 * and optimizes against these tables; Aurora's own executor reads them.
 */
public final class AuroraCalciteSchema extends AbstractSchema {
  private final Map<String, Table> tables;
  private final Map<String, org.apache.calcite.schema.Table> views;

  /** A schema of {@code tables}, by name; the map is copied. */
  public AuroraCalciteSchema(Map<String, Table> tables) {
    this(tables, Map.of());
  }

  /** A schema of {@code tables} and of views as Calcite tables, by name; the maps are copied. */
  AuroraCalciteSchema(
      Map<String, Table> tables, Map<String, org.apache.calcite.schema.Table> views) {
    this.tables = new LinkedHashMap<>(requireNonNull(tables, "tables is null"));
    this.views = new LinkedHashMap<>(requireNonNull(views, "views is null"));
  }

  /** The catalog's tables as they are now. */
  public static AuroraCalciteSchema of(Catalog catalog) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (String name : catalog.tableNames()) {
      Table table = catalog.table(name);
      if (table != null) {
        tables.put(name, table);
      }
    }
    return new AuroraCalciteSchema(tables);
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    Map<String, org.apache.calcite.schema.Table> calciteTables = new LinkedHashMap<>();
    tables.forEach((name, table) -> calciteTables.put(name, new CalciteTable(table)));
    views.forEach(calciteTables::putIfAbsent);
    return calciteTables;
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
