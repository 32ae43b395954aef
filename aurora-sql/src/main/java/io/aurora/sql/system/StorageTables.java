package io.aurora.sql.system;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.expression.IntervalText;
import io.aurora.storage.shard.SegmentStatistics;
import io.aurora.storage.type.ColumnSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The storage of the user's tables as this node holds it, in schema {@code system}: what
 * ClickHouse's {@code system.parts} and {@code system.columns} tell, for Aurora's shards,
 * partitions and segments.
 *
 * <pre>
 * system.tables     (table_name, shards int4, partitions, segments, row_count, deleted_rows,
 *                    bytes_on_disk, uncompressed_bytes, memory_bytes int8,
 *                    compression_ratio float8, retention text)
 * system.partitions (table_name, shard int4, partition_start, partition_end timestamp,
 *                    segments, row_count, deleted_rows, bytes_on_disk, memory_rows int8)
 * system.segments   (table_name, shard int4, partition_start timestamp, segment_id int8,
 *                    state text, row_count, deleted_rows, bytes int8, uncompressed_bytes int8)
 * system.columns    (table_name, column_name, data_type, encodings text, bytes_on_disk,
 *                    uncompressed_bytes int8, compression_ratio float8)
 * </pre>
 *
 * Counted over the replicas this node stores ({@link Table#localSegments()}): every shard on a
 * single node, this node's replicas in a cluster. {@code row_count} counts visible rows; {@code
 * deleted_rows} are rows DELETE removed that segment files still hold until compaction rewrites
 * them. A segment's {@code state} is {@code sealed} (a file) or {@code memory} (rows not yet
 * sealed; {@code bytes} is then the heap they take). An unpartitioned table's partition has NULL
 * bounds. {@code compression_ratio} is uncompressed over compressed bytes of the sealed segments,
 * NULL when there are none. {@code encodings} lists the encodings the column's blocks use.
 */
final class StorageTables {
  private StorageTables() {}

  static Map<String, Table> tables(Catalog catalog) {
    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put(
        "tables",
        SystemTable.of(
            "tables",
            "table_name text, shards int4, partitions int8, segments int8, row_count int8,"
                + " deleted_rows int8, bytes_on_disk int8, uncompressed_bytes int8,"
                + " memory_bytes int8, compression_ratio float8, retention text",
            () -> tableRows(catalog)));
    tables.put(
        "partitions",
        SystemTable.of(
            "partitions",
            "table_name text, shard int4, partition_start timestamp, partition_end timestamp,"
                + " segments int8, row_count int8, deleted_rows int8, bytes_on_disk int8,"
                + " memory_rows int8",
            () -> partitionRows(catalog)));
    tables.put(
        "segments",
        SystemTable.of(
            "segments",
            "table_name text, shard int4, partition_start timestamp, segment_id int8, state text,"
                + " row_count int8, deleted_rows int8, bytes int8, uncompressed_bytes int8",
            () -> segmentRows(catalog)));
    tables.put(
        "columns",
        SystemTable.of(
            "columns",
            "table_name text, column_name text, data_type text, encodings text,"
                + " bytes_on_disk int8, uncompressed_bytes int8, compression_ratio float8",
            () -> columnRows(catalog)));
    return tables;
  }

  private static List<Table> userTables(Catalog catalog) {
    List<Table> tables = new ArrayList<>();
    for (String name : catalog.tableNames()) {
      Table table = catalog.table(name);
      if (table != null) {
        tables.add(table);
      }
    }
    return tables;
  }

  private static List<@Nullable Object[]> tableRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (Table table : userTables(catalog)) {
      long partitions = 0;
      long segments = 0;
      long visible = 0;
      long deleted = 0;
      long onDisk = 0;
      long uncompressed = 0;
      long memory = 0;
      for (List<SegmentStatistics> shard : table.localSegments().values()) {
        partitions += partitions(shard).size();
        for (SegmentStatistics segment : shard) {
          visible += segment.rows();
          deleted += segment.deletedRows();
          if (segment.isSealed()) {
            segments++;
            onDisk += segment.bytes();
            uncompressed += segment.uncompressedBytes();
          } else {
            memory += segment.bytes();
          }
        }
      }
      long retention = catalog.retentionMicros(table.name());
      rows.add(
          PgCatalog.row(
              table.name(),
              table.schema().shardCount(),
              partitions,
              segments,
              visible,
              deleted,
              onDisk,
              uncompressed,
              memory,
              ratio(uncompressed, onDisk),
              retention == 0 ? null : IntervalText.formatMicros(retention)));
    }
    return rows;
  }

  private static Map<Long, List<SegmentStatistics>> partitions(List<SegmentStatistics> shard) {
    Map<Long, List<SegmentStatistics>> partitions = new TreeMap<>();
    for (SegmentStatistics segment : shard) {
      partitions.computeIfAbsent(segment.partitionStart(), start -> new ArrayList<>()).add(segment);
    }
    return partitions;
  }

  private static List<@Nullable Object[]> partitionRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (Table table : userTables(catalog)) {
      for (Map.Entry<Integer, List<SegmentStatistics>> shard : table.localSegments().entrySet()) {
        for (List<SegmentStatistics> partition : partitions(shard.getValue()).values()) {
          long segments = 0;
          long visible = 0;
          long deleted = 0;
          long onDisk = 0;
          long memoryRows = 0;
          for (SegmentStatistics segment : partition) {
            visible += segment.rows();
            deleted += segment.deletedRows();
            if (segment.isSealed()) {
              segments++;
              onDisk += segment.bytes();
            } else {
              memoryRows += segment.rows();
            }
          }
          SegmentStatistics first = partition.get(0);
          rows.add(
              PgCatalog.row(
                  table.name(),
                  shard.getKey(),
                  bound(first.partitionStart()),
                  bound(first.partitionEnd()),
                  segments,
                  visible,
                  deleted,
                  onDisk,
                  memoryRows));
        }
      }
    }
    return rows;
  }

  private static List<@Nullable Object[]> segmentRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (Table table : userTables(catalog)) {
      for (Map.Entry<Integer, List<SegmentStatistics>> shard : table.localSegments().entrySet()) {
        for (SegmentStatistics segment : shard.getValue()) {
          rows.add(
              PgCatalog.row(
                  table.name(),
                  shard.getKey(),
                  bound(segment.partitionStart()),
                  segment.isSealed() ? segment.segmentId() : null,
                  segment.isSealed() ? "sealed" : "memory",
                  segment.rows(),
                  segment.deletedRows(),
                  segment.bytes(),
                  segment.isSealed() ? segment.uncompressedBytes() : null));
        }
      }
    }
    return rows;
  }

  private static List<@Nullable Object[]> columnRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (Table table : userTables(catalog)) {
      Map<String, long[]> bytes = new LinkedHashMap<>();
      Map<String, java.util.LinkedHashSet<String>> encodings = new LinkedHashMap<>();
      for (List<SegmentStatistics> shard : table.localSegments().values()) {
        for (SegmentStatistics segment : shard) {
          for (SegmentStatistics.ColumnStatistics column : segment.columns()) {
            long[] sizes = bytes.computeIfAbsent(column.name(), name -> new long[2]);
            sizes[0] += column.compressedBytes();
            sizes[1] += column.uncompressedBytes();
            java.util.LinkedHashSet<String> used =
                encodings.computeIfAbsent(column.name(), name -> new java.util.LinkedHashSet<>());
            for (String encoding : column.encodings().split(",")) {
              if (!encoding.isEmpty()) {
                used.add(encoding);
              }
            }
          }
        }
      }
      for (ColumnSchema column : table.schema().columns()) {
        long[] sizes = bytes.getOrDefault(column.name(), new long[2]);
        java.util.LinkedHashSet<String> used = encodings.get(column.name());
        rows.add(
            PgCatalog.row(
                table.name(),
                column.name(),
                column.type().toString().toLowerCase(java.util.Locale.ROOT),
                used == null || used.isEmpty() ? null : String.join(",", used),
                sizes[0],
                sizes[1],
                ratio(sizes[1], sizes[0])));
      }
    }
    return rows;
  }

  private static @Nullable Double ratio(long uncompressed, long compressed) {
    return compressed == 0 ? null : (double) uncompressed / compressed;
  }

  /** A partition bound as a timestamp, NULL for an unpartitioned table's. */
  private static @Nullable Long bound(long micros) {
    return micros == Long.MIN_VALUE || micros == Long.MAX_VALUE ? null : micros;
  }
}
