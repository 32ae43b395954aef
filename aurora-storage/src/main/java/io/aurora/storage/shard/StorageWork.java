package io.aurora.storage.shard;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the shards of a node did in the background since it started: segments sealed from memory,
 * compactions, and snapshots taken, with their rows and time; for the node's metrics. The shards a
 * node opens share one instance ({@link Shard#open(java.nio.file.Path,
 * io.aurora.storage.type.TableSchema, StorageConfig, io.aurora.storage.segment.BlockCache,
 * StorageWork)}). Thread-safe; the counters only grow.
 */
public final class StorageWork {
  private final LongAdder segmentsSealed = new LongAdder();
  private final LongAdder rowsSealed = new LongAdder();
  private final LongAdder sealNanos = new LongAdder();
  private final LongAdder compactions = new LongAdder();
  private final LongAdder segmentsCompacted = new LongAdder();
  private final LongAdder rowsCompacted = new LongAdder();
  private final LongAdder compactionNanos = new LongAdder();
  private final LongAdder snapshots = new LongAdder();
  private final LongAdder snapshotNanos = new LongAdder();

  void sealed(long rows, long nanos) {
    segmentsSealed.increment();
    rowsSealed.add(rows);
    sealNanos.add(nanos);
  }

  void compacted(int segments, long rows, long nanos) {
    compactions.increment();
    segmentsCompacted.add(segments);
    rowsCompacted.add(rows);
    compactionNanos.add(nanos);
  }

  /** A snapshot of a shard's replica was taken, in {@code nanos}. */
  public void snapshotTaken(long nanos) {
    snapshots.increment();
    snapshotNanos.add(nanos);
  }

  public long segmentsSealed() {
    return segmentsSealed.sum();
  }

  public long rowsSealed() {
    return rowsSealed.sum();
  }

  public double sealSeconds() {
    return sealNanos.sum() / 1e9;
  }

  public long compactions() {
    return compactions.sum();
  }

  /** Segments merged away by compactions (their inputs). */
  public long segmentsCompacted() {
    return segmentsCompacted.sum();
  }

  public long rowsCompacted() {
    return rowsCompacted.sum();
  }

  public double compactionSeconds() {
    return compactionNanos.sum() / 1e9;
  }

  public long snapshots() {
    return snapshots.sum();
  }

  public double snapshotSeconds() {
    return snapshotNanos.sum() / 1e9;
  }
}
