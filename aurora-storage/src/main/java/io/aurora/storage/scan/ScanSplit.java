package io.aurora.storage.scan;

import org.jspecify.annotations.Nullable;

/**
 * An independent part of a scan (a range of blocks of one segment, or the rows of a mutable segment
 * visible when the scan began) that one worker reads. Splits of one scan may be opened concurrently
 * on different threads.
 */
public interface ScanSplit {
  /** Opens a source over this split's rows; the caller closes it. */
  PageSource open();

  /** About how many rows this split reads before filtering, for scheduling. */
  long estimatedRows();

  /**
   * Whether this split's rows come from another node, so that running work there saves sending
   * them.
   */
  default boolean isRemote() {
    return false;
  }

  /**
   * Opens a source over the output of {@code fragment} (work above the scan, in the SQL layer's
   * encoding) run where this split's rows are, or returns null when this split cannot run one: the
   * caller then opens the split and does the work itself. The caller closes the source.
   */
  default @Nullable PageSource openFragment(String fragment) {
    return null;
  }
}
