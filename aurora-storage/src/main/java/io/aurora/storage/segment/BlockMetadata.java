package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.encoding.Encoding;
import io.aurora.storage.predicate.BlockStatistics;

/** Where one column block is stored, how it is encoded, and its statistics. */
public record BlockMetadata(Region region, Encoding encoding, BlockStatistics statistics) {
  public BlockMetadata {
    requireNonNull(region, "region is null");
    requireNonNull(encoding, "encoding is null");
    requireNonNull(statistics, "statistics is null");
  }

  public int rowCount() {
    return statistics.rowCount();
  }
}
