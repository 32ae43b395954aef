package io.aurora.storage.scan;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.PhysicalType;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan request resolved against a table's current columns: the schema of each returned column and
 * of each predicate's column, checked once before any data is read. Shared by every split of the
 * scan, with the statistics they add to.
 */
public final class ScanContext {
  private final List<ColumnSchema> outputColumns;
  private final List<ColumnPredicate> predicates;
  private final List<ColumnSchema> predicateColumns;
  private final ScanStatistics statistics;
  private final boolean cachesBlocks;

  public ScanContext(
      List<ColumnSchema> tableColumns, ScanRequest request, ScanStatistics statistics) {
    this(tableColumns, request, statistics, true);
  }

  /**
   * A context whose scans keep the blocks they decode in the block cache only when {@code
   * cachesBlocks}; a one-off reader of whole segments (compaction) passes false so that it does not
   * push the blocks of queries out of the cache.
   */
  public ScanContext(
      List<ColumnSchema> tableColumns,
      ScanRequest request,
      ScanStatistics statistics,
      boolean cachesBlocks) {
    this.cachesBlocks = cachesBlocks;
    requireNonNull(tableColumns, "tableColumns is null");
    requireNonNull(request, "request is null");
    this.statistics = requireNonNull(statistics, "statistics is null");
    List<ColumnSchema> output = new ArrayList<>(request.columns().size());
    for (String name : request.columns()) {
      output.add(resolve(tableColumns, name));
    }
    List<ColumnSchema> predicateSchemas = new ArrayList<>(request.predicates().size());
    for (ColumnPredicate predicate : request.predicates()) {
      ColumnSchema column = resolve(tableColumns, predicate.column());
      if (predicate instanceof ColumnPredicate.LikePrefix
          && column.type().physicalType() != PhysicalType.VARCHAR) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "LIKE needs a VARCHAR column, but column[" + column.name() + "] is " + column.type());
      }
      predicateSchemas.add(column);
    }
    this.outputColumns = List.copyOf(output);
    this.predicates = request.predicates();
    this.predicateColumns = List.copyOf(predicateSchemas);
  }

  private static ColumnSchema resolve(List<ColumnSchema> columns, String name) {
    for (ColumnSchema column : columns) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    throw new AuroraException(ErrorCode.UNDEFINED_COLUMN, "Column[" + name + "] does not exist");
  }

  public List<ColumnSchema> outputColumns() {
    return outputColumns;
  }

  public List<ColumnPredicate> predicates() {
    return predicates;
  }

  /** The schema of the column that {@code predicates().get(index)} reads. */
  public ColumnSchema predicateColumn(int index) {
    return predicateColumns.get(index);
  }

  public ScanStatistics statistics() {
    return statistics;
  }

  /** Whether blocks decoded for this scan are kept in the block cache. */
  public boolean cachesBlocks() {
    return cachesBlocks;
  }
}
