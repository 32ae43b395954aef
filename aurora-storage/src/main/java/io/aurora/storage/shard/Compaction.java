package io.aurora.storage.shard;

import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.SegmentScanner;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.type.ColumnSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sealed segments of a partition to merge, and the merge itself. Small segments (under half
 * the target) are merged oldest first while the result stays within the target, once there are
 * enough of them to be worth a rewrite; a segment that lost a quarter of its rows to DELETE is
 * rewritten alone. Deleted rows are left out of the merged segment. The merged segment records the
 * ids it replaces, so a crash before the inputs are deleted cannot make their rows count twice.
 */
final class Compaction {
  private Compaction() {}

  static List<ImmutableSegment> pick(
      List<ImmutableSegment> segments, long targetRows, int minSegments) {
    List<ImmutableSegment> picked = new ArrayList<>();
    long rows = 0;
    for (ImmutableSegment segment : segments) {
      if (segment.rowCount() * 2L >= targetRows) {
        continue;
      }
      if (rows + segment.rowCount() > targetRows) {
        break;
      }
      picked.add(segment);
      rows += segment.rowCount();
    }
    return picked.size() >= minSegments ? picked : List.of();
  }

  /**
   * A segment to rewrite alone because DELETE removed at least a quarter of its rows, so that its
   * file and its scans stop paying for them; none when no segment has that many.
   */
  static List<ImmutableSegment> pickPurge(List<ImmutableSegment> segments) {
    for (ImmutableSegment segment : segments) {
      if (segment.deletedCount() > 0
          && segment.deletedCount() * 4L >= segment.reader().rowCount()) {
        return List.of(segment);
      }
    }
    return List.of();
  }

  static ImmutableSegment merge(
      Path file,
      long segmentId,
      List<ImmutableSegment> inputs,
      List<ColumnSchema> columns,
      List<String> sortKey,
      StorageConfig config,
      BlockCache cache) {
    List<String> names = new ArrayList<>(columns.size());
    for (ColumnSchema column : columns) {
      names.add(column.name());
    }
    ScanContext context =
        new ScanContext(columns, new ScanRequest(names, List.of()), new ScanStatistics(), false);
    List<Page> pages = new ArrayList<>();
    List<Long> replaced = new ArrayList<>(inputs.size());
    for (ImmutableSegment input : inputs) {
      replaced.add(input.id());
      for (ScanSplit split :
          SegmentScanner.splits(input.reader(), context, Integer.MAX_VALUE, input.deleted())) {
        try (PageSource source = split.open()) {
          for (Page page = source.next(); page != null; page = source.next()) {
            pages.add(page);
          }
        }
      }
    }
    return SegmentFiles.write(
        file, segmentId, columns, pages, sortKey, replaced, config.writeOptions(), cache);
  }
}
