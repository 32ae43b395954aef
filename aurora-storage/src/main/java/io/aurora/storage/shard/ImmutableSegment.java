package io.aurora.storage.shard;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.segment.SegmentReader;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * A sealed segment of a partition: its id, its file, the reader mapping it, and the row numbers
 * that DELETE removed from it (null when none; see {@link SegmentFiles#writeDeleted}). Immutable: a
 * DELETE publishes a new record with a larger set, so a scan keeps the set it started with.
 */
record ImmutableSegment(long id, Path file, SegmentReader reader, @Nullable RoaringBitmap deleted) {
  ImmutableSegment {
    requireNonNull(file, "file is null");
    requireNonNull(reader, "reader is null");
  }

  ImmutableSegment(long id, Path file, SegmentReader reader) {
    this(id, file, reader, null);
  }

  /** The rows of the segment that are still visible. */
  int rowCount() {
    return deleted == null ? reader.rowCount() : reader.rowCount() - deleted.getCardinality();
  }

  /** The rows DELETE removed. */
  int deletedCount() {
    return deleted == null ? 0 : deleted.getCardinality();
  }

  ImmutableSegment withDeleted(RoaringBitmap rows) {
    return new ImmutableSegment(id, file, reader, rows);
  }
}
