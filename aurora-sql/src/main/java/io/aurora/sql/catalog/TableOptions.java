package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a table is spread over a cluster and how long it keeps rows, from {@code CREATE TABLE ...
 * DISTRIBUTED BY (col) WITH (shards = s, replication_factor = n, retention = '30 days')}.
 *
 * <ul>
 *   <li>{@code replicationFactor}: 0 means the catalog's default ({@code min(3, nodes)} in a
 *       cluster, 1 on a single node).
 *   <li>{@code distributionColumns}: empty means rows are spread evenly over the shards.
 *   <li>{@code retentionMicros}: 0 keeps rows forever; otherwise a time partition whose every row
 *       is older than this (by the table's time column) is deleted in the background.
 *   <li>{@code isDefaultShardCount}: the statement gave no shard count, so the catalog chooses one
 *       (one shard per node of a cluster, 1 on a single node) instead of the schema's.
 * </ul>
 */
public record TableOptions(
    int replicationFactor,
    List<String> distributionColumns,
    long retentionMicros,
    boolean isDefaultShardCount) {
  /** The catalog's defaults, with the shard count the schema gives. */
  public static final TableOptions DEFAULT = new TableOptions(0, List.of(), 0);

  public TableOptions {
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("replicationFactor is negative: " + replicationFactor);
    }
    if (retentionMicros < 0) {
      throw new IllegalArgumentException("retentionMicros is negative: " + retentionMicros);
    }
    distributionColumns =
        List.copyOf(requireNonNull(distributionColumns, "distributionColumns is null"));
  }

  /** Options with the shard count the schema gives. */
  public TableOptions(
      int replicationFactor, List<String> distributionColumns, long retentionMicros) {
    this(replicationFactor, distributionColumns, retentionMicros, false);
  }

  /** Options without retention, with the shard count the schema gives. */
  public TableOptions(int replicationFactor, List<String> distributionColumns) {
    this(replicationFactor, distributionColumns, 0);
  }
}
