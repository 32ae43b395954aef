package io.aurora.sql.system;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageListScanner;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A read-only table whose rows are computed in memory: one of the tables of {@code pg_catalog},
 * {@code information_schema} or {@code system}. The rows are computed once, on first use, from the
 * catalog as it is then; a table object lives for one statement. Scans read them through the same
 * in-memory scanner as a mutable segment, so pushed predicates work as for any table.
 */
final class SystemTable implements Table {
  private final String name;
  private final TableSchema schema;

  /** The row count a live table reports to the planner without computing its rows. */
  private static final long LIVE_ROW_ESTIMATE = 100;

  private final Supplier<List<@Nullable Object[]>> rowSupplier;
  private final boolean isLive;
  private @Nullable Page page;

  private SystemTable(
      String name,
      TableSchema schema,
      Supplier<List<@Nullable Object[]>> rowSupplier,
      boolean isLive) {
    this.name = requireNonNull(name, "name is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.rowSupplier = requireNonNull(rowSupplier, "rowSupplier is null");
    this.isLive = isLive;
  }

  /**
   * A table with the columns of {@code columns}: comma-separated {@code name type} pairs, where the
   * type is one of {@code oid} (INTEGER), {@code int2}, {@code int4}, {@code int8}, {@code float4},
   * {@code bool}, {@code text} and {@code timestamp}. Each row has one value per column, as the
   * Java objects {@link BlockBuilder#appendObject} takes.
   */
  static SystemTable of(
      String name, String columns, Supplier<List<@Nullable Object[]>> rowSupplier) {
    return new SystemTable(name, schema(columns), rowSupplier, false);
  }

  /**
   * A table as {@link #of} whose rows are computed when the statement scans it rather than when it
   * is planned, so that it sees what the engine does while the statement runs (the statement itself
   * in {@code system.queries}); the planner gets a fixed row estimate instead.
   */
  static SystemTable live(
      String name, String columns, Supplier<List<@Nullable Object[]>> rowSupplier) {
    return new SystemTable(name, schema(columns), rowSupplier, true);
  }

  private static TableSchema schema(String columns) {
    List<ColumnSchema> schemas = new ArrayList<>();
    for (String column : columns.split(",")) {
      String[] parts = column.strip().split("\\s+");
      schemas.add(new ColumnSchema(parts[0], type(parts[1]), true));
    }
    return TableSchema.of(schemas);
  }

  /** A table that has no rows, for catalogs of features Aurora does not have. */
  static SystemTable empty(String name, String columns) {
    return of(name, columns, List::of);
  }

  private static DataType type(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "oid", "int4" -> DataType.INTEGER;
      case "int2" -> DataType.SMALLINT;
      case "int8" -> DataType.BIGINT;
      case "float4" -> DataType.REAL;
      case "float8" -> DataType.DOUBLE;
      case "bool" -> DataType.BOOLEAN;
      case "text" -> DataType.VARCHAR;
      case "timestamp" -> DataType.TIMESTAMP;
      default -> throw new IllegalArgumentException("Unknown system column type: " + name);
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  @Override
  public long rowCount() {
    return isLive ? LIVE_ROW_ESTIMATE : page().positionCount();
  }

  @Override
  public TableScan scan(ScanRequest request) {
    ScanStatistics statistics = new ScanStatistics();
    ScanContext context = new ScanContext(schema.columns(), request, statistics);
    Page rows = page();
    if (rows.positionCount() == 0) {
      return new TableScan(List.of(), statistics);
    }
    return new TableScan(
        List.of(
            PageListScanner.split(
                schema.columns(), new Page[] {rows}, 1, rows.positionCount(), context)),
        statistics);
  }

  @Override
  public void append(Page page) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "System table[" + name + "] is read-only");
  }

  @Override
  public boolean append(Page page, String producerId, long sequence) {
    append(page);
    return true;
  }

  @Override
  public long appendSourced(Page page, long[] offsets, String source, long endOffset) {
    append(page);
    return 0;
  }

  @Override
  public long sourceOffset(String source) {
    return -1;
  }

  private synchronized Page page() {
    if (page == null) {
      List<@Nullable Object[]> rows = rowSupplier.get();
      List<ColumnSchema> columns = schema.columns();
      BlockBuilder[] builders = new BlockBuilder[columns.size()];
      for (int c = 0; c < builders.length; c++) {
        builders[c] = BlockBuilder.forType(columns.get(c).type(), rows.size());
      }
      for (@Nullable Object[] row : rows) {
        if (row.length != builders.length) {
          throw new AuroraException(
              ErrorCode.INTERNAL_ERROR,
              "System table["
                  + name
                  + "] row has "
                  + row.length
                  + " values, not "
                  + builders.length);
        }
        for (int c = 0; c < builders.length; c++) {
          builders[c].appendObject(row[c], columns.get(c).type());
        }
      }
      Block[] blocks = new Block[builders.length];
      for (int c = 0; c < blocks.length; c++) {
        blocks[c] = builders[c].build();
      }
      page = new Page(rows.size(), blocks);
    }
    return page;
  }
}
