package io.aurora.storage.shard;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.segment.SegmentReader;
import java.nio.file.Path;

/** A sealed segment of a partition: its id, its file and the reader mapping it. */
record ImmutableSegment(long id, Path file, SegmentReader reader) {
  ImmutableSegment {
    requireNonNull(file, "file is null");
    requireNonNull(reader, "reader is null");
  }

  int rowCount() {
    return reader.rowCount();
  }
}
