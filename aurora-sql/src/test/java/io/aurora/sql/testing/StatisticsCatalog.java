package io.aurora.sql.testing;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A catalog of tables that have statistics and no rows, for tests of the planner at any scale: a
 * table reports the row count and the distinct counts it was given (a column not given reports NaN,
 * as a table without sketches does) and scans nothing. Statements that write fail.
 */
public final class StatisticsCatalog implements Catalog {
  private final Map<String, Table> tables = new LinkedHashMap<>();

  /** Adds a table with {@code rows} rows and the given distinct counts per column. */
  public StatisticsCatalog add(
      String name, TableSchema schema, long rows, Map<String, Double> distinctCounts) {
    tables.put(name, new StatisticsTable(name, schema, rows, Map.copyOf(distinctCounts)));
    return this;
  }

  @Override
  public List<String> tableNames() {
    return new ArrayList<>(tables.keySet());
  }

  @Override
  public @Nullable Table table(String name) {
    return tables.get(name);
  }

  @Override
  public void createTable(String name, TableSchema schema, boolean ifNotExists) {
    throw new UnsupportedOperationException("a statistics catalog is fixed");
  }

  @Override
  public void dropTable(String name, boolean ifExists) {
    throw new UnsupportedOperationException("a statistics catalog is fixed");
  }

  @Override
  public void addColumn(String table, ColumnSchema column) {
    throw new UnsupportedOperationException("a statistics catalog is fixed");
  }

  @Override
  public void checkpoint() {}

  private record StatisticsTable(
      String name, TableSchema schema, long rowCount, Map<String, Double> distinctCounts)
      implements Table {
    StatisticsTable {
      requireNonNull(name, "name is null");
      requireNonNull(schema, "schema is null");
    }

    @Override
    public double distinctCount(String column) {
      return distinctCounts.getOrDefault(column, Double.NaN);
    }

    @Override
    public TableScan scan(ScanRequest request) {
      return new TableScan(List.of(), new ScanStatistics());
    }

    @Override
    public void append(Page page) {
      throw new UnsupportedOperationException("a statistics table has no rows");
    }

    @Override
    public boolean append(Page page, String producerId, long sequence) {
      throw new UnsupportedOperationException("a statistics table has no rows");
    }

    @Override
    public long appendSourced(Page page, long[] offsets, String source, long endOffset) {
      throw new UnsupportedOperationException("a statistics table has no rows");
    }

    @Override
    public long sourceOffset(String source) {
      return -1;
    }
  }
}
