package io.aurora.storage.segment;

import io.aurora.storage.block.Block;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Decoded column blocks kept in memory up to a byte budget, so that repeated scans of hot data
 * (dashboards re-running their queries) skip decompression and decoding and run at the speed of the
 * filter kernels. Blocks are immutable, so one cached block serves any number of concurrent scans.
 *
 * <p>Eviction is CLOCK-like: every hit marks its entry recent; when the cache is over budget, a
 * sweep clears recent marks and evicts entries that were not touched since the last sweep.
 * Thread-safe. A cache of capacity 0 keeps nothing.
 */
public final class BlockCache {
  /** A cache that keeps nothing. */
  public static final BlockCache DISABLED = new BlockCache(0);

  private static final AtomicLong NEXT_SEGMENT_KEY = new AtomicLong();

  private final long capacityBytes;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong sizeBytes = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private record Key(long segment, int column, int block) {}

  private static final class Entry {
    private final Block block;
    private final long bytes;
    private volatile boolean isRecent = true;

    Entry(Block block, long bytes) {
      this.block = block;
      this.bytes = bytes;
    }
  }

  public BlockCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacityBytes is negative: " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
  }

  /** A process-unique key for one segment reader's blocks. */
  static long newSegmentKey() {
    return NEXT_SEGMENT_KEY.incrementAndGet();
  }

  @Nullable Block get(long segment, int column, int block) {
    if (capacityBytes == 0) {
      return null;
    }
    Entry entry = entries.get(new Key(segment, column, block));
    if (entry == null) {
      misses.incrementAndGet();
      return null;
    }
    entry.isRecent = true;
    hits.incrementAndGet();
    return entry.block;
  }

  void put(long segment, int column, int block, Block value) {
    long bytes = value.retainedBytes() + 64;
    if (capacityBytes == 0 || bytes > capacityBytes / 4) {
      return;
    }
    if (entries.putIfAbsent(new Key(segment, column, block), new Entry(value, bytes)) == null
        && sizeBytes.addAndGet(bytes) > capacityBytes) {
      evict();
    }
  }

  /** Drops every block of a segment, when its file is deleted. */
  void invalidate(long segment) {
    Iterator<Map.Entry<Key, Entry>> iterator = entries.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<Key, Entry> entry = iterator.next();
      if (entry.getKey().segment() == segment) {
        iterator.remove();
        sizeBytes.addAndGet(-entry.getValue().bytes);
      }
    }
  }

  private synchronized void evict() {
    for (int sweep = 0; sweep < 2 && sizeBytes.get() > capacityBytes * 9 / 10; sweep++) {
      Iterator<Entry> iterator = entries.values().iterator();
      while (iterator.hasNext() && sizeBytes.get() > capacityBytes * 9 / 10) {
        Entry entry = iterator.next();
        if (entry.isRecent) {
          entry.isRecent = false;
        } else {
          iterator.remove();
          sizeBytes.addAndGet(-entry.bytes);
        }
      }
    }
  }

  public long sizeBytes() {
    return sizeBytes.get();
  }

  public long capacityBytes() {
    return capacityBytes;
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }
}
