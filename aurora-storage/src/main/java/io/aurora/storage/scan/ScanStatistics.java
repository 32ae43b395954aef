package io.aurora.storage.scan;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what a scan read and what it skipped, for EXPLAIN ANALYZE and tests. Scans add to
 * them as they plan and read; readers take a {@link #snapshot()}. Thread-safe: every split of a
 * scan adds to the same instance.
 */
public final class ScanStatistics {
  private final LongAdder partitions = new LongAdder();
  private final LongAdder partitionsSkipped = new LongAdder();
  private final LongAdder segments = new LongAdder();
  private final LongAdder segmentsSkipped = new LongAdder();
  private final LongAdder blocks = new LongAdder();
  private final LongAdder blocksSkippedByStatistics = new LongAdder();
  private final LongAdder blocksSkippedByIndex = new LongAdder();
  private final LongAdder rowsScanned = new LongAdder();
  private final LongAdder rowsReturned = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();

  /** A consistent-enough copy of the counters (each read once). */
  public Snapshot snapshot() {
    return new Snapshot(
        partitions.sum(),
        partitionsSkipped.sum(),
        segments.sum(),
        segmentsSkipped.sum(),
        blocks.sum(),
        blocksSkippedByStatistics.sum(),
        blocksSkippedByIndex.sum(),
        rowsScanned.sum(),
        rowsReturned.sum(),
        bytesRead.sum());
  }

  /**
   * The counters at one moment.
   *
   * @param partitions time partitions considered
   * @param partitionsSkipped partitions skipped because their time range cannot match
   * @param segments segments (immutable and mutable) considered in the partitions read
   * @param segmentsSkipped segments skipped by statistics, dictionary or Bloom filter
   * @param blocks immutable-segment blocks considered in the segments read
   * @param blocksSkippedByStatistics blocks skipped by their min/max and null counts
   * @param blocksSkippedByIndex blocks skipped because an inverted index has no row in them
   * @param rowsScanned rows whose values were evaluated or returned
   * @param rowsReturned rows returned after filtering
   * @param bytesRead bytes of the column blocks of sealed segments the scan read (as stored in the
   *     files, compressed; from the block cache or the file alike)
   */
  public record Snapshot(
      long partitions,
      long partitionsSkipped,
      long segments,
      long segmentsSkipped,
      long blocks,
      long blocksSkippedByStatistics,
      long blocksSkippedByIndex,
      long rowsScanned,
      long rowsReturned,
      long bytesRead) {

    /** No scan. */
    public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long blocksSkipped() {
      return blocksSkippedByStatistics + blocksSkippedByIndex;
    }

    /** The counters of this scan and {@code other} together, as of several scans of a query. */
    public Snapshot plus(Snapshot other) {
      return new Snapshot(
          partitions + other.partitions,
          partitionsSkipped + other.partitionsSkipped,
          segments + other.segments,
          segmentsSkipped + other.segmentsSkipped,
          blocks + other.blocks,
          blocksSkippedByStatistics + other.blocksSkippedByStatistics,
          blocksSkippedByIndex + other.blocksSkippedByIndex,
          rowsScanned + other.rowsScanned,
          rowsReturned + other.rowsReturned,
          bytesRead + other.bytesRead);
    }
  }

  public void addPartitions(long count, long skipped) {
    partitions.add(count);
    partitionsSkipped.add(skipped);
  }

  public void addSegment(boolean skipped) {
    segments.increment();
    if (skipped) {
      segmentsSkipped.increment();
    }
  }

  public void addBlock() {
    blocks.increment();
  }

  public void addBlockSkippedByStatistics() {
    blocks.increment();
    blocksSkippedByStatistics.increment();
  }

  public void addBlockSkippedByIndex() {
    blocks.increment();
    blocksSkippedByIndex.increment();
  }

  public void addBytes(long bytes) {
    bytesRead.add(bytes);
  }

  public void addRows(long scanned, long returned) {
    rowsScanned.add(scanned);
    rowsReturned.add(returned);
  }
}
