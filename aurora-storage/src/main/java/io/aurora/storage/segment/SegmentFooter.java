package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a segment file's footer records: the segment's id, row count and block size, each column's
 * metadata, the sort key the rows are ordered by (empty when unsorted), and the ids of the segments
 * this one replaced when it was written by compaction (so that a crash between writing it and
 * deleting them never leaves rows twice).
 */
public record SegmentFooter(
    long segmentId,
    int rowCount,
    int blockRowCount,
    List<ColumnMetadata> columns,
    List<String> sortKey,
    List<Long> replacedSegmentIds) {

  public SegmentFooter {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    sortKey = List.copyOf(requireNonNull(sortKey, "sortKey is null"));
    replacedSegmentIds =
        List.copyOf(requireNonNull(replacedSegmentIds, "replacedSegmentIds is null"));
    if (rowCount < 0 || blockRowCount < 1) {
      throw new IllegalArgumentException("invalid row counts");
    }
  }

  public int blockCount() {
    return (rowCount + blockRowCount - 1) / blockRowCount;
  }

  /** The index of the named column, or -1 when the segment does not have it. */
  public int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
