package io.aurora.storage.scan;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Page;
import java.util.List;
import java.util.function.Consumer;

/**
 * A planned scan: the splits to read (in any order, on any threads) and the statistics they add to.
 * Planning already counted the partitions and segments it skipped.
 */
public record TableScan(List<ScanSplit> splits, ScanStatistics statistics) {
  public TableScan {
    splits = List.copyOf(requireNonNull(splits, "splits is null"));
    requireNonNull(statistics, "statistics is null");
  }

  /** Reads every split in order on the calling thread; for tests and tools. */
  public void forEachPage(Consumer<Page> consumer) {
    for (ScanSplit split : splits) {
      try (PageSource source = split.open()) {
        for (Page page = source.next(); page != null; page = source.next()) {
          consumer.accept(page);
        }
      }
    }
  }
}
