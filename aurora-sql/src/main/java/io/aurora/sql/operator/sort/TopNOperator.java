package io.aurora.sql.operator.sort;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ORDER BY ... LIMIT n: keeps the best {@code n} rows seen so far in a bounded max-heap of {@link
 * RowAddresses row addresses} whose top is the worst kept row, and emits them sorted once input
 * ends. It never buffers all input: an input page stays referenced only while some of its rows are
 * in the heap, and when the referenced pages hold much more memory than the kept rows need, the
 * kept rows are copied into one compact page (amortised by doubling the threshold).
 *
 * <p>Memory reserved: the retained pages and the heap array. With {@code n = 0} the operator is
 * finished at once and takes no input. Which of several rows tied at the boundary is kept is
 * unspecified.
 */
public final class TopNOperator implements Operator {
  private static final long MIN_COMPACTION_BYTES = 1L << 20;
  private static final int MAX_HEAP_SIZE = Integer.MAX_VALUE - 16;

  private final OperatorContext context;
  private final MemoryContext memory;
  private final List<DataType> types;
  private final long n;
  private final RowComparator comparator;
  private final List<@Nullable Page> pages = new ArrayList<>();
  private int[] referenceCounts = new int[16];
  private long retainedPageBytes;
  private long compactionThresholdBytes = MIN_COMPACTION_BYTES;
  private long[] heap = new long[0];
  private int heapSize;
  private boolean isFinishing;
  private int nextRow;
  private boolean isClosed;

  /**
   * @param types the input channel types, which are also the output's
   * @param keys the sort keys, most significant first
   * @param n how many rows to keep, at least 0
   */
  public TopNOperator(OperatorContext context, List<DataType> types, List<SortKey> keys, long n) {
    this.context = requireNonNull(context, "context is null");
    this.memory = context.memory();
    this.types = List.copyOf(requireNonNull(types, "types is null"));
    if (n < 0) {
      throw new IllegalArgumentException("n is negative: " + n);
    }
    this.n = n;
    this.comparator = new RowComparator(this.types, List.copyOf(keys));
  }

  @Override
  public boolean needsInput() {
    return !isFinishing && n > 0;
  }

  @Override
  public void addInput(Page page) {
    if (!needsInput()) {
      throw new IllegalStateException("Operator does not need input");
    }
    context.checkCancelled();
    int rows = page.rowCount();
    if (rows == 0) {
      return;
    }
    int pageIndex = pages.size();
    long pageBytes = page.retainedBytes();
    memory.reserve(pageBytes);
    retainedPageBytes += pageBytes;
    pages.add(page);
    comparator.setPage(pageIndex, page);
    if (pageIndex >= referenceCounts.length) {
      referenceCounts = Arrays.copyOf(referenceCounts, referenceCounts.length * 2);
    }
    referenceCounts[pageIndex] = 0;
    for (int row = 0; row < rows; row++) {
      long address = RowAddresses.encode(pageIndex, page.position(row));
      if (heapSize < n) {
        push(address);
      } else if (comparator.compare(address, heap[0]) < 0) {
        long evicted = heap[0];
        heap[0] = address;
        siftDown(0, heapSize);
        referenceCounts[pageIndex]++;
        dereference(RowAddresses.pageIndex(evicted));
      }
    }
    if (referenceCounts[pageIndex] == 0) {
      dropPage(pageIndex);
      pages.remove(pageIndex);
    }
    if (retainedPageBytes > compactionThresholdBytes && pages.size() > 1) {
      compact();
    }
  }

  private void push(long address) {
    if (heapSize == heap.length) {
      int capacity = (int) Math.min(Math.min(n, MAX_HEAP_SIZE), Math.max(64, heap.length * 2L));
      if (capacity <= heapSize) {
        throw new IllegalStateException("TopN heap cannot grow past " + MAX_HEAP_SIZE + " rows");
      }
      memory.reserve(8L * (capacity - heap.length));
      heap = Arrays.copyOf(heap, capacity);
    }
    referenceCounts[RowAddresses.pageIndex(address)]++;
    int child = heapSize++;
    while (child > 0) {
      int parent = (child - 1) >>> 1;
      if (comparator.compare(heap[parent], address) >= 0) {
        break;
      }
      heap[child] = heap[parent];
      child = parent;
    }
    heap[child] = address;
  }

  /** Restores the max-heap property below {@code index} within {@code heap[0 .. size)}. */
  private void siftDown(int index, int size) {
    long value = heap[index];
    int parent = index;
    while (true) {
      int child = 2 * parent + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && comparator.compare(heap[child + 1], heap[child]) > 0) {
        child++;
      }
      if (comparator.compare(heap[child], value) <= 0) {
        break;
      }
      heap[parent] = heap[child];
      parent = child;
    }
    heap[parent] = value;
  }

  private void dereference(int pageIndex) {
    if (--referenceCounts[pageIndex] == 0) {
      dropPage(pageIndex);
    }
  }

  private void dropPage(int pageIndex) {
    Page page = requireNonNull(pages.get(pageIndex));
    pages.set(pageIndex, null);
    comparator.clearPage(pageIndex);
    long pageBytes = page.retainedBytes();
    memory.free(pageBytes);
    retainedPageBytes -= pageBytes;
  }

  /** Copies the kept rows into one page, keeping their heap positions, and drops the others. */
  private void compact() {
    Page compacted = gather(0, heapSize);
    for (int i = 0; i < pages.size(); i++) {
      if (pages.get(i) != null) {
        dropPage(i);
      }
    }
    pages.clear();
    pages.add(compacted);
    comparator.setPage(0, compacted);
    long pageBytes = compacted.retainedBytes();
    memory.reserve(pageBytes);
    retainedPageBytes = pageBytes;
    Arrays.fill(referenceCounts, 0);
    referenceCounts[0] = heapSize;
    for (int i = 0; i < heapSize; i++) {
      heap[i] = RowAddresses.encode(0, i);
    }
    compactionThresholdBytes = Math.max(MIN_COMPACTION_BYTES, 2 * pageBytes);
  }

  /** The heap entries {@code [from, to)} as a new page, in heap-array order. */
  private Page gather(int from, int to) {
    PageBuilder builder = new PageBuilder(types, Math.max(1, to - from));
    for (int channel = 0; channel < types.size(); channel++) {
      var channelBuilder = builder.channel(channel);
      for (int i = from; i < to; i++) {
        long address = heap[i];
        Block block = requireNonNull(pages.get(RowAddresses.pageIndex(address))).block(channel);
        channelBuilder.appendFrom(block, RowAddresses.position(address));
      }
    }
    for (int i = from; i < to; i++) {
      builder.declareRow();
    }
    return builder.build();
  }

  @Override
  public void finish() {
    if (isFinishing) {
      return;
    }
    isFinishing = true;
    for (int end = heapSize - 1; end > 0; end--) {
      long worst = heap[0];
      heap[0] = heap[end];
      heap[end] = worst;
      siftDown(0, end);
    }
  }

  @Override
  public @Nullable Page getOutput() {
    if (!isFinishing || isFinished()) {
      return null;
    }
    context.checkCancelled();
    int to = Math.min(heapSize, nextRow + PageBuilder.DEFAULT_PAGE_ROWS);
    Page page = gather(nextRow, to);
    nextRow = to;
    if (nextRow == heapSize) {
      close();
    }
    return page;
  }

  @Override
  public boolean isFinished() {
    return n == 0 || (isFinishing && nextRow >= heapSize);
  }

  @Override
  public void close() {
    if (isClosed) {
      return;
    }
    isClosed = true;
    memory.free(retainedPageBytes + 8L * heap.length);
    retainedPageBytes = 0;
    pages.clear();
    heap = new long[0];
    heapSize = 0;
  }
}
