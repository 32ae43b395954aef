package io.aurora.storage.shard;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one segment of a shard holds and takes, for {@code system.segments} and the tables built on
 * it: a sealed segment (its file) or the rows of a partition still in memory ({@code segmentId} -1,
 * {@code isSealed} false, {@code bytes} the heap its pages hold, no columns).
 *
 * @param partitionStart the partition's first microsecond ({@code Long.MIN_VALUE} for an
 *     unpartitioned table)
 * @param partitionEnd the partition's exclusive end ({@code Long.MAX_VALUE} unpartitioned)
 * @param rows the rows visible now, without those DELETE removed
 * @param deletedRows rows DELETE removed that the segment's file still holds until compaction
 * @param bytes the file's size on disk, or the heap bytes of rows in memory
 * @param uncompressedBytes the file's column data before compression (0 in memory)
 */
public record SegmentStatistics(
    long partitionStart,
    long partitionEnd,
    long segmentId,
    boolean isSealed,
    long rows,
    long deletedRows,
    long bytes,
    long uncompressedBytes,
    List<ColumnStatistics> columns) {
  public SegmentStatistics {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }

  /**
   * One column of a sealed segment: its encodings (as the blocks use them, distinct, in order of
   * first use, joined by commas) and bytes, compressed and not, of its blocks, dictionary and
   * indexes.
   */
  public record ColumnStatistics(
      String name, String encodings, long compressedBytes, long uncompressedBytes) {
    public ColumnStatistics {
      requireNonNull(name, "name is null");
      requireNonNull(encodings, "encodings is null");
    }
  }
}
