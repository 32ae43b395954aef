package io.aurora.benchmarks.operator;

import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.operator.join.HashBuilderOperator;
import io.aurora.sql.operator.join.JoinBridge;
import io.aurora.sql.operator.join.JoinHashTable;
import io.aurora.sql.operator.join.LookupJoinOperator;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hash join probe throughput, in probe rows per second on one thread, beside a hand-written
 * open-addressing table holding the same keys (the ceiling).
 *
 * <p>Setup builds {@link #buildRows} build rows (a unique INTEGER key and a VARCHAR payload of
 * about 13 bytes) through a {@link HashBuilderOperator} into a {@link JoinHashTable}, and {@link
 * #DEFAULT_PROBE_ROWS} probe rows (an INTEGER key and a BIGINT amount) in pages of {@link
 * PageBuilder#DEFAULT_PAGE_ROWS}. The keys are scattered over the whole int range, and each probe
 * key is drawn uniformly from twice as many keys as the build side holds, so about half the probe
 * rows match, each at most one build row. The benchmarks:
 *
 * <ul>
 *   <li>{@link #findChains}: {@link JoinHashTable#findChains} over every probe page, counting rows
 *       with a match; the probe kernel alone.
 *   <li>{@link #lookupJoin}: an INNER {@link LookupJoinOperator} over every probe page, outputting
 *       the probe key and amount with the build payload; what a query pays, gather included.
 *   <li>{@link #primitiveProbe}: the same lookups in an {@code int} key to build row table with
 *       linear probing over one {@code long[]} (key and row side by side), as many buckets as
 *       Aurora's and the same hash, writing the build row of each probe row as {@code findChains}
 *       does.
 * </ul>
 *
 * With 10,000 build rows both tables fit in L2; with 1,000,000 every probe misses the cache.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchmarkJoinProbe.DEFAULT_PROBE_ROWS)
public class BenchmarkJoinProbe {
  /** Probe rows of a JMH run: the operations of one invocation. */
  public static final int DEFAULT_PROBE_ROWS = 512 * PageBuilder.DEFAULT_PAGE_ROWS;

  private static final long SEED = 20_251_127L;
  private static final int EMPTY = -1;
  private static final List<DataType> BUILD_TYPES = List.of(DataType.INTEGER, DataType.VARCHAR);
  private static final List<DataType> PROBE_TYPES = List.of(DataType.INTEGER, DataType.BIGINT);
  private static final int[] PROBE_KEY_CHANNELS = {0};

  /** Rows on the build side, each with a distinct key. */
  @Param({"10000", "1000000"})
  public int buildRows = 10_000;

  /**
   * Probe rows. Not a {@code @Param} because {@link OperationsPerInvocation} is a constant; tests
   * shrink it to run each benchmark once in milliseconds.
   */
  int probeRowCount = DEFAULT_PROBE_ROWS;

  private JoinBridge bridge;
  private JoinHashTable table;
  private List<Page> probePages;
  private int[] heads;
  private long[] hashScratch;
  private boolean[] nullScratch;
  private long[] slots;
  private int mask;

  /** Builds the join table, the baseline table and the probe pages. */
  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Page> buildPages = new ArrayList<>();
    for (int start = 0; start < buildRows; start += PageBuilder.DEFAULT_PAGE_ROWS) {
      buildPages.add(buildPage(start, Math.min(PageBuilder.DEFAULT_PAGE_ROWS, buildRows - start)));
    }
    OperatorContext context = new OperatorContext(MemoryContext.unlimited(), new AtomicBoolean());
    bridge = new JoinBridge();
    try (HashBuilderOperator builder =
        new HashBuilderOperator(
            context, bridge, JoinType.INNER, BUILD_TYPES, List.of(0), List.of(1))) {
      for (Page page : buildPages) {
        builder.addInput(page);
      }
      builder.finish();
    }
    table = bridge.table();
    buildPrimitiveTable();

    probePages = new ArrayList<>();
    for (int start = 0; start < probeRowCount; start += PageBuilder.DEFAULT_PAGE_ROWS) {
      probePages.add(
          probePage(Math.min(PageBuilder.DEFAULT_PAGE_ROWS, probeRowCount - start), random));
    }
    heads = new int[PageBuilder.DEFAULT_PAGE_ROWS];
    hashScratch = new long[PageBuilder.DEFAULT_PAGE_ROWS];
    nullScratch = new boolean[PageBuilder.DEFAULT_PAGE_ROWS];
  }

  /**
   * The key of build row {@code index / 2} for even indexes, and a key no build row has for odd
   * ones: multiplying by an odd constant is a bijection on int, so keys are distinct.
   */
  private static int key(int index) {
    return index * 0x9E3779B1;
  }

  private static Page buildPage(int firstRow, int rows) {
    int[] keys = new int[rows];
    BlockBuilder.VarcharBuilder payload = new BlockBuilder.VarcharBuilder(rows);
    for (int i = 0; i < rows; i++) {
      int row = firstRow + i;
      keys[i] = key(2 * row);
      payload.append("customer " + Integer.toString(1_000_000 + row, 36));
    }
    return new Page(rows, new IntBlock(rows, keys, null), payload.build());
  }

  private Page probePage(int rows, SplittableRandom random) {
    int[] keys = new int[rows];
    long[] amounts = new long[rows];
    for (int row = 0; row < rows; row++) {
      keys[row] = key(random.nextInt(2 * buildRows));
      amounts[row] = random.nextInt(100_000);
    }
    return new Page(rows, new IntBlock(rows, keys, null), new LongBlock(rows, amounts, null));
  }

  /**
   * Inserts every build key with its row, into as many buckets as the join table has. A slot is one
   * {@code long}, the key in the high half and the row in the low half, so a probe touches one
   * cache line; an empty slot has row -1.
   */
  private void buildPrimitiveTable() {
    int bucketCount = Math.max(16, Integer.highestOneBit(Math.max(1, buildRows) * 2 - 1) << 1);
    slots = new long[bucketCount];
    Arrays.fill(slots, EMPTY);
    mask = bucketCount - 1;
    for (int row = 0; row < buildRows; row++) {
      int key = key(2 * row);
      int slot = bucket(key);
      while ((int) slots[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = ((long) key << 32) | row;
    }
  }

  /** The join table's bucket of a key: murmur3's fmix64 folded to the table size. */
  private int bucket(long key) {
    long hash = key;
    hash ^= hash >>> 33;
    hash *= 0xFF51AFD7ED558CCDL;
    hash ^= hash >>> 33;
    hash *= 0xC4CEB9FE1A85EC53L;
    hash ^= hash >>> 33;
    return (int) (hash ^ (hash >>> 32)) & mask;
  }

  /**
   * The build row (or -1) of each row of the last probe page, as the last {@link #findChains} or
   * {@link #primitiveProbe} wrote it; a copy, for tests.
   */
  int[] lastPageBuildRows() {
    return Arrays.copyOf(heads, probePages.get(probePages.size() - 1).rowCount());
  }

  /** Frees the join table's memory. */
  @TearDown
  public void tearDown() {
    table.close();
  }

  /** Finds the build row of every probe row in the join table; returns the matched row count. */
  @Benchmark
  public long findChains() {
    long matched = 0;
    for (Page page : probePages) {
      int rows = page.rowCount();
      table.findChains(page, PROBE_KEY_CHANNELS, heads, hashScratch, nullScratch);
      for (int row = 0; row < rows; row++) {
        matched += heads[row] >= 0 ? 1 : 0;
      }
    }
    return matched;
  }

  /**
   * Runs an INNER join of every probe page against the table; returns the output row count.
   *
   * <p>The operator is not closed: INNER holds no memory of its own, and closing it would close the
   * shared table, which {@link #tearDown()} closes.
   */
  @Benchmark
  public long lookupJoin() {
    OperatorContext context = new OperatorContext(MemoryContext.unlimited(), new AtomicBoolean());
    LookupJoinOperator join =
        new LookupJoinOperator(
            context,
            JoinType.INNER,
            bridge,
            List.of(0),
            List.of(0, 1),
            PROBE_TYPES,
            List.of(1),
            List.of(DataType.VARCHAR),
            null);
    long outputRows = 0;
    for (Page page : probePages) {
      join.addInput(page);
      while (!join.needsInput()) {
        Page output = join.getOutput();
        if (output != null) {
          outputRows += output.rowCount();
        }
      }
    }
    join.finish();
    while (!join.isFinished()) {
      Page output = join.getOutput();
      if (output != null) {
        outputRows += output.rowCount();
      }
    }
    return outputRows;
  }

  /** The same lookups in the primitive table; returns the matched row count. */
  @Benchmark
  public long primitiveProbe() {
    long matched = 0;
    for (Page page : probePages) {
      int rows = page.rowCount();
      int[] keys = ((IntBlock) page.block(0)).values();
      for (int row = 0; row < rows; row++) {
        int key = keys[row];
        int slot = bucket(key);
        int found;
        while (true) {
          long entry = slots[slot];
          found = (int) entry;
          if (found == EMPTY || (int) (entry >>> 32) == key) {
            break;
          }
          slot = (slot + 1) & mask;
        }
        heads[row] = found;
        matched += found >= 0 ? 1 : 0;
      }
    }
    return matched;
  }
}
