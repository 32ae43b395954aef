package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a table is spread over a cluster and how long it keeps rows, from {@code CREATE TABLE ...
 * DISTRIBUTED BY (col) WITH (replication_factor = n, retention = '30 days')}.
 *
 * <ul>
 *   <li>{@code replicationFactor}: 0 means the catalog's default ({@code min(3, nodes)} in a
 *       cluster, 1 on a single node).
 *   <li>{@code distributionColumns}: empty means rows are spread evenly over the shards.
 *   <li>{@code retentionMicros}: 0 keeps rows forever; otherwise a time partition whose every row
 *       is older than this (by the table's time column) is deleted in the background.
 * </ul>
 */
public record TableOptions(
    int replicationFactor, List<String> distributionColumns, long retentionMicros) {
  /** The catalog's defaults. */
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

  /** Options without retention. */
  public TableOptions(int replicationFactor, List<String> distributionColumns) {
    this(replicationFactor, distributionColumns, 0);
  }
}
