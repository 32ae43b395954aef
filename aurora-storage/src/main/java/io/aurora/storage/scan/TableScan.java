package io.aurora.storage.scan;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Page;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A planned scan: the splits to read (in any order, on any threads) and the statistics they add to.
 * Planning already counted the partitions and segments it skipped.
 */
public record TableScan(List<ScanSplit> splits, ScanStatistics statistics) {
  public TableScan {
    splits = List.copyOf(requireNonNull(splits, "splits is null"));
    requireNonNull(statistics, "statistics is null");
  }

  /**
   * The pages of every split, one split after the other, as one source read on one thread (the
   * caller closes it); for a scan that another node asked for, tests and tools.
   */
  public PageSource pages() {
    return new PageSource() {
      private int next;
      private @Nullable PageSource current;

      @Override
      public @Nullable Page next() {
        while (true) {
          if (current == null) {
            if (next == splits.size()) {
              return null;
            }
            current = splits.get(next++).open();
          }
          Page page = current.next();
          if (page != null) {
            return page;
          }
          current.close();
          current = null;
        }
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
          current = null;
        }
      }
    };
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
