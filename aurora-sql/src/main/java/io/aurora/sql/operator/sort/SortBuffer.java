package io.aurora.sql.operator.sort;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Buffers input pages as they are (blocks are immutable, so keeping them costs no copy) plus one
 * {@link RowAddresses row address} per selected row, sorts the addresses and gathers rows back into
 * pages. Memory: the pages' {@link Page#retainedBytes()} and the address array are reserved in the
 * {@link MemoryContext} as they grow, scratch arrays for the sort while it runs; {@link #close()}
 * frees everything.
 *
 * <p>Sorting by a single key of a fixed-width type encodes the key into an order-preserving long
 * and radix-sorts it; any other sort runs a merge sort with a {@link RowComparator}. Both are
 * stable. Not thread-safe.
 */
public final class SortBuffer implements AutoCloseable {
  /** Largest array Java can allocate everywhere. */
  private static final int MAX_ROWS = Integer.MAX_VALUE - 16;

  private final List<DataType> types;
  private final MemoryContext memory;
  private final List<Page> pages = new ArrayList<>();
  private long[] addresses = new long[0];
  private int rowCount;
  private long reservedBytes;

  public SortBuffer(List<DataType> types, MemoryContext memory) {
    this.types = List.copyOf(requireNonNull(types, "types is null"));
    this.memory = requireNonNull(memory, "memory is null");
  }

  /** Buffers the selected rows of a page; the page is kept, not copied. */
  public void addPage(Page page) {
    requireNonNull(page, "page is null");
    if (page.channelCount() != types.size()) {
      throw new IllegalArgumentException(
          "Page has " + page.channelCount() + " channels, expected " + types.size());
    }
    int rows = page.rowCount();
    if (rows == 0) {
      return;
    }
    if ((long) rowCount + rows > MAX_ROWS) {
      throw new AuroraException(
          ErrorCode.OUT_OF_MEMORY, "Sort input exceeds " + MAX_ROWS + " rows in one buffer");
    }
    reserve(page.retainedBytes());
    if (rowCount + rows > addresses.length) {
      int capacity =
          (int)
              Math.min(MAX_ROWS, Math.max(1024, Math.max(rowCount + rows, addresses.length * 2L)));
      reserve(8L * (capacity - addresses.length));
      addresses = Arrays.copyOf(addresses, capacity);
    }
    int pageIndex = pages.size();
    pages.add(page);
    int[] selection = page.selection();
    for (int row = 0; row < rows; row++) {
      int position = selection == null ? row : selection[row];
      addresses[rowCount++] = RowAddresses.encode(pageIndex, position);
    }
  }

  public int rowCount() {
    return rowCount;
  }

  /** The address of the {@code index}-th row in the current order. */
  public long address(int index) {
    return addresses[index];
  }

  /** The page a row address points into. */
  public Page page(long address) {
    return pages.get(RowAddresses.pageIndex(address));
  }

  /** The buffered pages, in input order (a row address's page index points into it). */
  public List<Page> pages() {
    return pages;
  }

  /** A comparator over this buffer's row addresses by the given keys. */
  public RowComparator comparator(List<SortKey> keys) {
    RowComparator comparator = new RowComparator(types, keys);
    for (int i = 0; i < pages.size(); i++) {
      comparator.setPage(i, pages.get(i));
    }
    return comparator;
  }

  /** Sorts the buffered rows by the keys, most significant first; no keys leaves the order. */
  public void sort(List<SortKey> keys) {
    if (keys.isEmpty() || rowCount < 2) {
      return;
    }
    if (keys.size() == 1
        && types.get(keys.get(0).channel()).physicalType() != PhysicalType.VARCHAR) {
      sortBySingleKey(keys.get(0));
      return;
    }
    RowComparator comparator = comparator(keys);
    long scratchBytes = 8L * rowCount;
    reserve(scratchBytes);
    try {
      AddressSorter.sort(addresses, new long[rowCount], rowCount, comparator);
    } finally {
      release(scratchBytes);
    }
  }

  /**
   * Encodes the key of every non-null row into a long whose signed order is the SQL order (the
   * complement for DESC) and radix-sorts those; null rows keep their input order at one end.
   */
  private void sortBySingleKey(SortKey key) {
    long scratchBytes = 32L * rowCount;
    reserve(scratchBytes);
    try {
      long[] keys = new long[rowCount];
      long[] values = new long[rowCount];
      int nonNullCount = 0;
      int nullCount = 0;
      int index = 0;
      while (index < rowCount) {
        int pageIndex = RowAddresses.pageIndex(addresses[index]);
        Block block = pages.get(pageIndex).block(key.channel());
        int end = index + 1;
        while (end < rowCount && RowAddresses.pageIndex(addresses[end]) == pageIndex) {
          end++;
        }
        boolean[] nulls = block.nulls();
        for (int i = index; i < end; i++) {
          long address = addresses[i];
          int position = RowAddresses.position(address);
          if (nulls != null && nulls[position]) {
            // nullCount <= i: this never overwrites an address not read yet.
            addresses[nullCount++] = address;
          } else {
            long encoded = encodeKey(block, position);
            keys[nonNullCount] = key.isAscending() ? encoded : ~encoded;
            values[nonNullCount++] = address;
          }
        }
        index = end;
      }
      AddressSorter.radixSort(
          keys, values, new long[nonNullCount], new long[nonNullCount], nonNullCount);
      if (key.isNullsFirst()) {
        System.arraycopy(values, 0, addresses, nullCount, nonNullCount);
      } else {
        System.arraycopy(addresses, 0, addresses, nonNullCount, nullCount);
        System.arraycopy(values, 0, addresses, 0, nonNullCount);
      }
    } finally {
      release(scratchBytes);
    }
  }

  /** An order-preserving long for a fixed-width value, in the order of {@code BlockValues}. */
  static long encodeKey(Block block, int position) {
    if (block instanceof LongBlock longs) {
      return longs.value(position);
    }
    if (block instanceof IntBlock ints) {
      return ints.value(position);
    }
    if (block instanceof DoubleBlock doubles) {
      return encodeDouble(doubles.value(position));
    }
    if (block instanceof FloatBlock floats) {
      return encodeDouble(floats.value(position));
    }
    return ((BooleanBlock) block).value(position) ? 1 : 0;
  }

  /** PostgreSQL order as a signed long: -0.0 = 0.0, every NaN equal and above +Infinity. */
  static long encodeDouble(double value) {
    if (Double.isNaN(value)) {
      return 0x7FF8_0000_0000_0000L;
    }
    long bits = Double.doubleToRawLongBits(value == 0.0 ? 0.0 : value);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** The rows {@code [from, to)} of the current order as a new page of all channels. */
  public Page buildPage(int from, int to) {
    int count = to - from;
    PageBuilder builder = new PageBuilder(types, Math.max(1, count));
    for (int channel = 0; channel < types.size(); channel++) {
      appendColumn(builder.channel(channel), channel, from, to);
    }
    for (int i = 0; i < count; i++) {
      builder.declareRow();
    }
    return builder.build();
  }

  /** Appends the values of one channel of rows {@code [from, to)} to a builder. */
  public void appendColumn(BlockBuilder builder, int channel, int from, int to) {
    int cachedPage = -1;
    Block block = null;
    for (int i = from; i < to; i++) {
      long address = addresses[i];
      int pageIndex = RowAddresses.pageIndex(address);
      if (pageIndex != cachedPage) {
        cachedPage = pageIndex;
        block = pages.get(pageIndex).block(channel);
      }
      builder.appendFrom(requireNonNull(block), RowAddresses.position(address));
    }
  }

  /** Reserves memory that this buffer frees on {@link #close()}; for callers' own arrays. */
  public void reserve(long bytes) {
    memory.reserve(bytes);
    reservedBytes += bytes;
  }

  /** Frees memory reserved with {@link #reserve(long)} before {@link #close()}. */
  public void release(long bytes) {
    memory.free(bytes);
    reservedBytes -= bytes;
  }

  /** Drops the pages and addresses and frees all memory this buffer reserved. */
  @Override
  public void close() {
    pages.clear();
    addresses = new long[0];
    rowCount = 0;
    memory.free(reservedBytes);
    reservedBytes = 0;
  }
}
