package io.aurora.storage.scan;

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
}
