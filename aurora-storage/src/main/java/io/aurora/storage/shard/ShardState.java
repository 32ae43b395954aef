package io.aurora.storage.shard;

import java.util.List;

/**
 * What a reader of a shard sees at one moment: every partition with its visible mutable rows (the
 * segment being appended to and those being sealed) and its sealed segments. Immutable; the shard
 * publishes a new one after every change, so a scan that reads one state sees a consistent prefix
 * of the shard's writes, never a segment twice and never a gap.
 */
record ShardState(List<PartitionState> partitions) {
  ShardState {
    partitions = List.copyOf(partitions);
  }

  /**
   * One partition's visible segments.
   *
   * @param start first timestamp (microseconds) of the partition, {@code Long.MIN_VALUE} for an
   *     unpartitioned table
   * @param end the exclusive end, {@code Long.MAX_VALUE} for an unpartitioned table
   */
  record PartitionState(
      long start,
      long end,
      List<MutableSegment.Snapshot> mutables,
      List<ImmutableSegment> immutables) {
    PartitionState {
      mutables = List.copyOf(mutables);
      immutables = List.copyOf(immutables);
    }

    long rowCount() {
      long rows = 0;
      for (MutableSegment.Snapshot mutable : mutables) {
        rows += mutable.rowCount();
      }
      for (ImmutableSegment segment : immutables) {
        rows += segment.rowCount();
      }
      return rows;
    }
  }
}
