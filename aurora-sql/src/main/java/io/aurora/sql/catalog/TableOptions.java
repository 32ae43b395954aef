package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a table is spread over a cluster, from {@code CREATE TABLE ... DISTRIBUTED BY (col) WITH
 * (replication_factor = n)}: the number of replicas of each shard, and the columns whose hash
 * routes a row to its shard.
 *
 * <ul>
 *   <li>{@code replicationFactor}: 0 means the catalog's default ({@code min(3, nodes)} in a
 *       cluster, 1 on a single node).
 *   <li>{@code distributionColumns}: empty means rows are spread evenly over the shards.
 * </ul>
 */
public record TableOptions(int replicationFactor, List<String> distributionColumns) {
  /** The catalog's defaults. */
  public static final TableOptions DEFAULT = new TableOptions(0, List.of());

  public TableOptions {
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("replicationFactor is negative: " + replicationFactor);
    }
    distributionColumns =
        List.copyOf(requireNonNull(distributionColumns, "distributionColumns is null"));
  }
}
