package io.aurora.storage.type;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The storage-level definition of a table: its columns, an optional time column with the partition
 * granularity it is split by, an optional sort key (segments are sorted by it when sealed) and the
 * number of shards.
 */
public record TableSchema(
    List<ColumnSchema> columns,
    @Nullable String timeColumn,
    PartitionGranularity granularity,
    List<String> sortKey,
    int shardCount) {

  public TableSchema {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(granularity, "granularity is null");
    sortKey = List.copyOf(requireNonNull(sortKey, "sortKey is null"));
    if (columns.isEmpty()) {
      throw new AuroraException(
          ErrorCode.INVALID_TABLE_DEFINITION, "A table needs at least one column");
    }
    Map<String, ColumnSchema> byName = new HashMap<>();
    for (ColumnSchema column : columns) {
      if (byName.put(column.name(), column) != null) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_COLUMN, "Column[" + column.name() + "] is defined more than once");
      }
    }
    if (timeColumn != null) {
      ColumnSchema time = byName.get(timeColumn);
      if (time == null) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Time column[" + timeColumn + "] is not a column of the table");
      }
      if (time.type().kind() != TypeKind.TIMESTAMP) {
        throw new AuroraException(
            ErrorCode.INVALID_TABLE_DEFINITION,
            "Time column[" + timeColumn + "] must be a TIMESTAMP, not " + time.type());
      }
    } else if (granularity != PartitionGranularity.NONE) {
      throw new AuroraException(
          ErrorCode.INVALID_TABLE_DEFINITION,
          "Partitioning by " + granularity + " needs a time column");
    }
    for (String key : sortKey) {
      if (!byName.containsKey(key)) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Sort key column[" + key + "] is not a column of the table");
      }
    }
    if (shardCount < 1) {
      throw new AuroraException(
          ErrorCode.INVALID_TABLE_DEFINITION, "Shard count[" + shardCount + "] must be at least 1");
    }
  }

  /** A table with one shard, no time partitioning and no sort key. */
  public static TableSchema of(List<ColumnSchema> columns) {
    return new TableSchema(columns, null, PartitionGranularity.NONE, List.of(), 1);
  }

  /** The columns' names, in order. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    for (ColumnSchema column : columns) {
      names.add(column.name());
    }
    return names;
  }

  public int columnCount() {
    return columns.size();
  }

  public ColumnSchema column(int index) {
    return columns.get(index);
  }

  /** The index of the named column, or -1 when there is none. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the time column, or -1 when the table has none. */
  public int timeColumnIndex() {
    return timeColumn == null ? -1 : indexOf(timeColumn);
  }
}
