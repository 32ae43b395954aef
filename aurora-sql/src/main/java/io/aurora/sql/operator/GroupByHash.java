package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.List;

/**
 * Maps the grouping keys of a page's rows to dense group ids {@code 0 .. groupCount() - 1}, in
 * order of first appearance. A key is one value per key channel, of any type; a null is a value
 * like any other, so {@code NULL = NULL} when grouping (see {@link BlockValues}).
 *
 * <p>Implementations keep an open-addressing table over primitive arrays and store the distinct
 * keys column by column in growable primitive arrays, so that a group costs no Java objects. The
 * single integer-like key (BIGINT, INTEGER, DATE, ...) has its own table keyed by the value itself;
 * a single VARCHAR key arriving as {@link io.aurora.storage.block.DictionaryBlock}s with a shared
 * dictionary maps each dictionary id to its group id once per dictionary.
 *
 * <pre>{@code
 * GroupByHash hash = GroupByHash.create(List.of(DataType.BIGINT), new int[] {0}, memory);
 * int[] groupIds = hash.groupIds(page); // one id per row, row order; reused by the next call
 * Block[] keys = hash.keyBlocks(0, hash.groupCount());
 * hash.close();
 * }</pre>
 *
 * <p>The memory of the table and keys is reserved from the {@link MemoryContext} as it grows and
 * freed by {@link #close()}. Not thread-safe.
 */
public abstract sealed class GroupByHash implements AutoCloseable
    permits BigintGroupByHash, MultiChannelGroupByHash {
  /** The fill ratio past which a table doubles: low enough for short probe sequences. */
  static final double MAX_LOAD = 0.75;

  private final List<DataType> keyTypes;
  private final int[] keyChannels;
  private final MemoryContext memory;
  private long reservedBytes;

  GroupByHash(List<DataType> keyTypes, int[] keyChannels, MemoryContext memory) {
    this.keyTypes = List.copyOf(requireNonNull(keyTypes, "keyTypes is null"));
    this.keyChannels = requireNonNull(keyChannels, "keyChannels is null").clone();
    this.memory = requireNonNull(memory, "memory is null");
    if (keyTypes.isEmpty() || keyTypes.size() != keyChannels.length) {
      throw new IllegalArgumentException(
          "need one type per key channel and at least one key: "
              + keyTypes
              + " for "
              + keyChannels.length
              + " channels");
    }
  }

  /**
   * A hash over the given key channels of the pages it will see, of the given types; picks the
   * specialised implementation for a single integer-like key.
   */
  public static GroupByHash create(
      List<DataType> keyTypes, int[] keyChannels, MemoryContext memory) {
    if (keyTypes.size() == 1) {
      PhysicalType type = keyTypes.get(0).physicalType();
      if (type == PhysicalType.LONG || type == PhysicalType.INT) {
        return new BigintGroupByHash(keyTypes, keyChannels, memory);
      }
    }
    return new MultiChannelGroupByHash(keyTypes, keyChannels, memory);
  }

  /** The types of the key channels, in key order. */
  public final List<DataType> keyTypes() {
    return keyTypes;
  }

  /** The key channels of the input pages, in key order; a copy. */
  public final int[] keyChannels() {
    return keyChannels.clone();
  }

  final int keyChannel(int key) {
    return keyChannels[key];
  }

  /**
   * The group id of each row of {@code page}, adding groups for keys not seen before: entry {@code
   * i} is the group of the {@code i}-th row (the {@code i}-th selected position when the page has a
   * selection). Only the first {@link Page#rowCount()} entries are meaningful. The array is reused
   * by the next call.
   */
  public abstract int[] groupIds(Page page);

  /** The number of distinct keys seen so far. */
  public abstract int groupCount();

  /**
   * New blocks, one per key channel, holding the keys of groups {@code fromGroup .. toGroup - 1} in
   * group order. The blocks are copies and share nothing with the hash.
   */
  public abstract Block[] keyBlocks(int fromGroup, int toGroup);

  /** Bytes reserved for the table and keys. */
  public final long retainedBytes() {
    return reservedBytes;
  }

  /** Reserves memory for arrays about to grow by {@code bytes}; fails with OUT_OF_MEMORY. */
  final void reserve(long bytes) {
    memory.reserve(bytes);
    reservedBytes += bytes;
  }

  /** Frees all memory this hash reserved; the hash must not be used afterwards. */
  @Override
  public void close() {
    memory.free(reservedBytes);
    reservedBytes = 0;
  }

  static int tableCapacity(int expectedGroups) {
    int capacity = Integer.highestOneBit(Math.max(16, (int) (expectedGroups / MAX_LOAD)) - 1) << 1;
    if (capacity < 0) {
      throw new IllegalStateException("too many groups: " + expectedGroups);
    }
    return capacity;
  }

  /** A 64-bit finalizer (murmur3's fmix64): spreads clustered keys over the table. */
  static long mix(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
