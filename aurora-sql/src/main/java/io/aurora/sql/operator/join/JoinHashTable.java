package io.aurora.sql.operator.join;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The build side of a hash join: every build row, stored column-wise, plus a hash index over the
 * key columns. Immutable once built; reads may be shared.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 *   columns[c]   one Block per retained build channel; build row r is position r of each
 *   next[r]      the next build row with the same key as r, or -1 (rows of one key form a chain,
 *                in ascending row order)
 *   buckets[b]   open addressing with linear probing: the first row of the chain of one distinct
 *                key, or -1; 2x to 4x as many buckets as rows with a non-null key
 *   hashes[r]    the cached 64-bit key hash of row r (multi-column and non-integer keys), so that
 *                a probe compares a hash before comparing values
 *   fastKeys[r]  for a single SMALLINT/INTEGER/DATE/BIGINT/TIMESTAMP/DECIMAL key: the key widened
 *                to a long, compared directly (no hash cache needed)
 * </pre>
 *
 * Values are copied out of the input pages into one growable array per column rather than keeping
 * the pages and addressing rows as (page, position) pairs: the copy drops rows outside a page's
 * selection and channels the join does not need, a row address is a plain {@code int}, matches are
 * tracked in a {@code boolean[rowCount]}, and the output gather is one tight loop per column over
 * one array. The cost is one copy of the retained build columns.
 *
 * <p>A row with a null in any key column is stored but never put in a chain: SQL equality never
 * matches a null, yet RIGHT and FULL joins still output the row. Without key columns (a cross join)
 * every probe row's chain is every build row: {@code next[r] = r + 1}.
 *
 * <p>The table owns the memory it reserved: {@link #close()} frees it, once.
 */
public final class JoinHashTable implements AutoCloseable {
  /** The most build rows: there are up to four buckets per row, indexed by an int. */
  static final int MAX_ROWS = 1 << 29;

  private static final int EMPTY = -1;

  private final MemoryContext memory;
  private final Block[] columns;
  private final int[] columnByChannel;
  private final int[] keyColumns;
  private final int rowCount;
  private final int[] next;
  private final int[] buckets;
  private final int mask;
  private final long @Nullable [] hashes;
  private final long @Nullable [] fastKeys;
  private final long reservedBytes;
  private boolean isClosed;

  private JoinHashTable(
      MemoryContext memory,
      Block[] columns,
      int[] columnByChannel,
      int[] keyColumns,
      int rowCount,
      int[] next,
      int[] buckets,
      long @Nullable [] hashes,
      long @Nullable [] fastKeys,
      long reservedBytes) {
    this.memory = memory;
    this.columns = columns;
    this.columnByChannel = columnByChannel;
    this.keyColumns = keyColumns;
    this.rowCount = rowCount;
    this.next = next;
    this.buckets = buckets;
    this.mask = buckets.length - 1;
    this.hashes = hashes;
    this.fastKeys = fastKeys;
    this.reservedBytes = reservedBytes;
  }

  /**
   * Indexes the given columns. {@code reservedColumnBytes} were already reserved for the columns
   * and pass to the table; this reserves the index before allocating it. On failure nothing more
   * stays reserved (the caller still owns {@code reservedColumnBytes}).
   *
   * @param columns the retained build columns, each with {@code rowCount} positions
   * @param columnByChannel for each build input channel, its index in {@code columns} or -1
   * @param keyColumns the indexes in {@code columns} of the key columns; empty for a cross join
   */
  static JoinHashTable build(
      MemoryContext memory,
      long reservedColumnBytes,
      Block[] columns,
      int[] columnByChannel,
      int[] keyColumns,
      int rowCount) {
    requireNonNull(memory, "memory is null");
    if (rowCount > MAX_ROWS) {
      throw new AuroraException(
          ErrorCode.OUT_OF_MEMORY,
          "Join build side has too many rows[" + rowCount + "]; the limit is " + MAX_ROWS);
    }
    if (keyColumns.length == 0) {
      long bytes = 4L * rowCount;
      memory.reserve(bytes);
      int[] next = new int[rowCount];
      for (int row = 0; row < rowCount; row++) {
        next[row] = row + 1 < rowCount ? row + 1 : EMPTY;
      }
      return new JoinHashTable(
          memory,
          columns,
          columnByChannel,
          keyColumns,
          rowCount,
          next,
          new int[1],
          null,
          null,
          reservedColumnBytes + bytes);
    }

    boolean[] isNullKey = new boolean[rowCount];
    boolean hasNullKey = false;
    for (int keyColumn : keyColumns) {
      hasNullKey |= JoinHashing.markNulls(columns[keyColumn], null, rowCount, isNullKey);
    }
    int inserted = rowCount;
    if (hasNullKey) {
      for (boolean isNull : isNullKey) {
        inserted -= isNull ? 1 : 0;
      }
    }
    int bucketCount = Math.max(16, Integer.highestOneBit(Math.max(1, inserted) * 2 - 1) << 1);
    long bytes = 4L * rowCount + 4L * bucketCount + 8L * rowCount;
    memory.reserve(bytes);

    int[] next = new int[rowCount];
    int[] buckets = new int[bucketCount];
    Arrays.fill(buckets, EMPTY);
    Block firstKey = columns[keyColumns[0]];
    long[] hashes = null;
    long[] fastKeys = null;
    if (keyColumns.length == 1 && isIntegerKey(firstKey)) {
      fastKeys = widen(firstKey, rowCount);
      insertLongKeys(fastKeys, isNullKey, next, buckets);
    } else {
      hashes = new long[rowCount];
      for (int i = 0; i < keyColumns.length; i++) {
        JoinHashing.hash(columns[keyColumns[i]], null, rowCount, hashes, i == 0);
      }
      insertGeneric(columns, keyColumns, hashes, isNullKey, next, buckets);
    }
    return new JoinHashTable(
        memory,
        columns,
        columnByChannel,
        keyColumns,
        rowCount,
        next,
        buckets,
        hashes,
        fastKeys,
        reservedColumnBytes + bytes);
  }

  private static boolean isIntegerKey(Block block) {
    return block instanceof LongBlock || block instanceof IntBlock;
  }

  private static long[] widen(Block block, int rowCount) {
    if (block instanceof LongBlock longs) {
      return Arrays.copyOf(longs.values(), rowCount);
    }
    int[] values = ((IntBlock) block).values();
    long[] keys = new long[rowCount];
    for (int row = 0; row < rowCount; row++) {
      keys[row] = values[row];
    }
    return keys;
  }

  /** Inserts in descending row order at the chain head, so chains come out in ascending order. */
  private static void insertLongKeys(long[] keys, boolean[] isNullKey, int[] next, int[] buckets) {
    int mask = buckets.length - 1;
    for (int row = keys.length - 1; row >= 0; row--) {
      if (isNullKey[row]) {
        continue;
      }
      long key = keys[row];
      int bucket = JoinHashing.bucket(JoinHashing.mix(key), mask);
      while (true) {
        int head = buckets[bucket];
        if (head == EMPTY) {
          next[row] = EMPTY;
          buckets[bucket] = row;
          break;
        }
        if (keys[head] == key) {
          next[row] = head;
          buckets[bucket] = row;
          break;
        }
        bucket = (bucket + 1) & mask;
      }
    }
  }

  private static void insertGeneric(
      Block[] columns,
      int[] keyColumns,
      long[] hashes,
      boolean[] isNullKey,
      int[] next,
      int[] buckets) {
    int mask = buckets.length - 1;
    for (int row = hashes.length - 1; row >= 0; row--) {
      if (isNullKey[row]) {
        continue;
      }
      long hash = hashes[row];
      int bucket = JoinHashing.bucket(hash, mask);
      while (true) {
        int head = buckets[bucket];
        if (head == EMPTY) {
          next[row] = EMPTY;
          buckets[bucket] = row;
          break;
        }
        if (hashes[head] == hash && rowsEqual(columns, keyColumns, head, row)) {
          next[row] = head;
          buckets[bucket] = row;
          break;
        }
        bucket = (bucket + 1) & mask;
      }
    }
  }

  private static boolean rowsEqual(Block[] columns, int[] keyColumns, int left, int right) {
    for (int keyColumn : keyColumns) {
      Block column = columns[keyColumn];
      if (!JoinHashing.equal(column, left, column, right)) {
        return false;
      }
    }
    return true;
  }

  /** The number of build rows, including those with a null key. */
  public int rowCount() {
    return rowCount;
  }

  /** The number of key columns; zero for a cross join. */
  public int keyCount() {
    return keyColumns.length;
  }

  /** Whether this table has no keys and pairs every probe row with every build row. */
  public boolean isCrossJoin() {
    return keyColumns.length == 0;
  }

  /** Whether the given build input channel was retained. */
  public boolean hasChannel(int buildChannel) {
    return buildChannel >= 0
        && buildChannel < columnByChannel.length
        && columnByChannel[buildChannel] >= 0;
  }

  /**
   * The values of a retained build input channel for all build rows: row {@code r} is position
   * {@code r}. The block is the table's own, not a copy.
   */
  public Block column(int buildChannel) {
    if (!hasChannel(buildChannel)) {
      throw new IllegalArgumentException(
          "Build channel[" + buildChannel + "] was not retained by the hash builder");
    }
    return columns[columnByChannel[buildChannel]];
  }

  /** Heap bytes held by the table and reserved in its memory context. */
  public long retainedBytes() {
    return reservedBytes;
  }

  /** The chain links: {@code next[r]} is the next row with the key of row r, or -1. Not a copy. */
  int[] nextRows() {
    return next;
  }

  /**
   * Finds, for every row of {@code page}, the first build row of its chain, or -1 when no build row
   * has its key or a key value is null. For a cross join every row gets row 0 (or -1 when the build
   * side is empty).
   *
   * @param keyChannels the page's key channels, in the order and of the physical types of the build
   *     keys
   * @param heads receives one entry per row of the page ({@code page.rowCount()} entries)
   * @param hashScratch a scratch array of at least {@code page.rowCount()} entries, overwritten
   * @param nullScratch a scratch array of at least {@code page.rowCount()} entries, overwritten
   */
  public void findChains(
      Page page, int[] keyChannels, int[] heads, long[] hashScratch, boolean[] nullScratch) {
    if (keyChannels.length != keyColumns.length) {
      throw new IllegalArgumentException(
          "Probe has " + keyChannels.length + " key channels, build " + keyColumns.length);
    }
    int rows = page.rowCount();
    if (rowCount == 0 || keyColumns.length == 0) {
      Arrays.fill(heads, 0, rows, rowCount == 0 ? EMPTY : 0);
      return;
    }
    int[] selection = page.selection();
    long[] longKeys = fastKeys;
    if (longKeys != null) {
      findLongChains(longKeys, page.block(keyChannels[0]), selection, rows, heads);
      return;
    }
    Arrays.fill(nullScratch, 0, rows, false);
    boolean hasNull = false;
    for (int i = 0; i < keyChannels.length; i++) {
      Block block = page.block(keyChannels[i]);
      hasNull |= JoinHashing.markNulls(block, selection, rows, nullScratch);
      JoinHashing.hash(block, selection, rows, hashScratch, i == 0);
    }
    long[] rowHashes = requireNonNull(hashes, "hashes is null");
    for (int row = 0; row < rows; row++) {
      if (hasNull && nullScratch[row]) {
        heads[row] = EMPTY;
        continue;
      }
      int position = selection == null ? row : selection[row];
      long hash = hashScratch[row];
      int bucket = JoinHashing.bucket(hash, mask);
      int found;
      while (true) {
        int head = buckets[bucket];
        if (head == EMPTY
            || (rowHashes[head] == hash && matchesProbe(head, page, keyChannels, position))) {
          found = head;
          break;
        }
        bucket = (bucket + 1) & mask;
      }
      heads[row] = found;
    }
  }

  private void findLongChains(
      long[] keys, Block probeKeys, int @Nullable [] selection, int rows, int[] heads) {
    boolean[] nulls = probeKeys.nulls();
    if (probeKeys instanceof LongBlock longs) {
      long[] values = longs.values();
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        heads[row] =
            nulls != null && nulls[position] ? EMPTY : findLongChain(keys, values[position]);
      }
    } else {
      int[] values = ((IntBlock) probeKeys).values();
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        heads[row] =
            nulls != null && nulls[position] ? EMPTY : findLongChain(keys, values[position]);
      }
    }
  }

  private int findLongChain(long[] keys, long key) {
    int bucket = JoinHashing.bucket(JoinHashing.mix(key), mask);
    while (true) {
      int head = buckets[bucket];
      if (head == EMPTY || keys[head] == key) {
        return head;
      }
      bucket = (bucket + 1) & mask;
    }
  }

  private boolean matchesProbe(int buildRow, Page page, int[] keyChannels, int position) {
    for (int i = 0; i < keyColumns.length; i++) {
      if (!JoinHashing.equal(
          columns[keyColumns[i]], buildRow, page.block(keyChannels[i]), position)) {
        return false;
      }
    }
    return true;
  }

  /** Frees the table's memory reservation; idempotent. */
  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      memory.free(reservedBytes);
    }
  }
}
