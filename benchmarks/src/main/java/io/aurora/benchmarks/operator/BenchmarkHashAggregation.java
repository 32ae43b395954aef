package io.aurora.benchmarks.operator;

import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.GroupByHash;
import io.aurora.sql.operator.HashAggregationOperator;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hash aggregation throughput, {@code SELECT key..., count(*), sum(value) GROUP BY key...}, in
 * input rows per second on one thread, beside a hand-written open-addressing loop computing the
 * same groups (the ceiling).
 *
 * <p>Setup builds {@link #DEFAULT_ROWS} rows in pages of {@link PageBuilder#DEFAULT_PAGE_ROWS}: a
 * BIGINT key drawn uniformly from the case's distinct values (scattered over the whole long range,
 * so nothing is dense), for {@link GroupingCase#BIGINT_VARCHAR} a second key of dictionary-encoded
 * city names sharing one dictionary (as a segment column scans), and a BIGINT value in 0..999. The
 * benchmarks:
 *
 * <ul>
 *   <li>{@link #hashAggregation}: a {@link HashAggregationOperator} (step SINGLE) over every page,
 *       then drained of its output; what a query pays.
 *   <li>{@link #groupByHash}: {@link GroupByHash#groupIds} over every page, no aggregates; the key
 *       hashing kernel alone.
 *   <li>{@link #primitiveLoop}: the same grouping and aggregates over the pages' {@code long[]}
 *       (and dictionary id) arrays with an open-addressing table of primitive arrays that grows
 *       like Aurora's, in two passes per page (rows to groups, then counts and sums); the
 *       two-column key is compared as (long, dictionary id), which a general hash over strings
 *       cannot do.
 * </ul>
 *
 * Scores are rows per second: each invocation aggregates every row once.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchmarkHashAggregation.DEFAULT_ROWS)
public class BenchmarkHashAggregation {
  /** Input rows of a JMH run: the operations of one invocation. */
  public static final int DEFAULT_ROWS = 512 * PageBuilder.DEFAULT_PAGE_ROWS;

  private static final long SEED = 20_251_126L;
  private static final int VALUE_BOUND = 1_000;

  /** The grouping keys and how many distinct keys the input draws from. */
  public enum GroupingCase {
    /** One BIGINT key, 100 groups: the table stays in L1. */
    BIGINT_100_GROUPS(100, 0),
    /** One BIGINT key from 1,048,576 values (about 1M groups at full size): cache-miss bound. */
    BIGINT_1M_GROUPS(1 << 20, 0),
    /** A BIGINT key of 200 values and a dictionary VARCHAR key of 50 names: 10,000 groups. */
    BIGINT_VARCHAR(200, 50);

    private final int bigintValues;
    private final int varcharValues;

    GroupingCase(int bigintValues, int varcharValues) {
      this.bigintValues = bigintValues;
      this.varcharValues = varcharValues;
    }

    boolean hasVarcharKey() {
      return varcharValues > 0;
    }
  }

  @Param public GroupingCase groupingCase = GroupingCase.BIGINT_100_GROUPS;

  /**
   * Input rows. Not a {@code @Param} because {@link OperationsPerInvocation} is a constant; tests
   * shrink it to run each benchmark once in milliseconds.
   */
  int rowCount = DEFAULT_ROWS;

  private List<Page> pages;
  private VarcharBlock dictionary;
  private List<DataType> keyTypes;
  private int[] keyChannels;
  private int valueChannel;
  private HashAggregationOperator.Factory factory;

  /** Builds the input pages and the operator factory. */
  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(SEED);
    boolean hasVarchar = groupingCase.hasVarcharKey();
    dictionary = cityNames(Math.max(1, groupingCase.varcharValues));
    keyTypes = hasVarchar ? List.of(DataType.BIGINT, DataType.VARCHAR) : List.of(DataType.BIGINT);
    keyChannels = hasVarchar ? new int[] {0, 1} : new int[] {0};
    valueChannel = keyChannels.length;
    pages = new ArrayList<>();
    for (int start = 0; start < rowCount; start += PageBuilder.DEFAULT_PAGE_ROWS) {
      pages.add(page(Math.min(PageBuilder.DEFAULT_PAGE_ROWS, rowCount - start), random));
    }
    List<AggregateSpec> aggregates =
        List.of(
            new AggregateSpec(AggregateKind.COUNT_ALL, -1, null, false, DataType.BIGINT, 0),
            new AggregateSpec(
                AggregateKind.SUM, valueChannel, DataType.BIGINT, false, DataType.BIGINT, 0));
    List<Integer> channels = Arrays.stream(keyChannels).boxed().toList();
    factory =
        new HashAggregationOperator.Factory(
            channels, keyTypes, aggregates, HashAggregationOperator.Step.SINGLE);
  }

  private Page page(int rows, SplittableRandom random) {
    long[] keys = new long[rows];
    int[] ids = new int[rows];
    long[] values = new long[rows];
    for (int row = 0; row < rows; row++) {
      keys[row] = bigintKey(random.nextInt(groupingCase.bigintValues));
      if (groupingCase.hasVarcharKey()) {
        ids[row] = random.nextInt(groupingCase.varcharValues);
      }
      values[row] = random.nextInt(VALUE_BOUND);
    }
    LongBlock valueBlock = new LongBlock(rows, values, null);
    if (groupingCase.hasVarcharKey()) {
      return new Page(
          rows,
          new LongBlock(rows, keys, null),
          new DictionaryBlock(rows, ids, dictionary, false, null),
          valueBlock);
    }
    return new Page(rows, new LongBlock(rows, keys, null), valueBlock);
  }

  /** Distinct for distinct {@code index}: multiplying by an odd constant is a bijection. */
  private static long bigintKey(int index) {
    return index * 0x9E3779B97F4A7C15L;
  }

  private static VarcharBlock cityNames(int count) {
    BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(count);
    for (int i = 0; i < count; i++) {
      builder.append("city " + Integer.toString(1_000 + i * 7_919, 36));
    }
    return builder.build();
  }

  /** The dictionary of the VARCHAR key, for tests that decode the baseline's ids. */
  VarcharBlock dictionary() {
    return dictionary;
  }

  /**
   * Runs a hash aggregation over every page; returns its output pages: the key columns, then
   * count(*) and sum(value), one row per group.
   */
  @Benchmark
  public List<Page> hashAggregation() {
    List<Page> output = new ArrayList<>();
    OperatorContext context = new OperatorContext(MemoryContext.unlimited(), new AtomicBoolean());
    try (HashAggregationOperator operator = factory.createOperator(context)) {
      for (Page page : pages) {
        operator.addInput(page);
      }
      operator.finish();
      while (!operator.isFinished()) {
        Page page = operator.getOutput();
        if (page != null) {
          output.add(page);
        }
      }
    }
    return output;
  }

  /** Maps every row to its group with Aurora's group-by hash alone; returns the group count. */
  @Benchmark
  public int groupByHash() {
    try (GroupByHash hash = GroupByHash.create(keyTypes, keyChannels, MemoryContext.unlimited())) {
      for (Page page : pages) {
        hash.groupIds(page);
      }
      return hash.groupCount();
    }
  }

  /** The same grouping and aggregates in primitive loops; returns the groups. */
  @Benchmark
  public PrimitiveGroups primitiveLoop() {
    PrimitiveGroups groups = new PrimitiveGroups();
    for (Page page : pages) {
      long[] keys = ((LongBlock) page.block(0)).values();
      long[] values = ((LongBlock) page.block(valueChannel)).values();
      if (groupingCase.hasVarcharKey()) {
        groups.addPairKeys(keys, ((DictionaryBlock) page.block(1)).ids(), values, page.rowCount());
      } else {
        groups.addLongKeys(keys, values, page.rowCount());
      }
    }
    return groups;
  }

  /**
   * The baseline's groups in order of first appearance: an open-addressing table with linear
   * probing (the 0.75 fill limit and the hash finalizer are Aurora's) whose slot is two adjacent
   * longs, the key and then the dictionary id and group id, and per group its count and sum side by
   * side; so a row touches two cache lines where separate arrays would cost one miss each.
   *
   * <p>Each page takes two passes, rows to group ids and then group ids to aggregates, like
   * Aurora's operator: with about 1M groups a loop fusing the two measured slower than Aurora,
   * because the independent misses of a plain aggregate pass overlap better than those of a loop
   * that also probes the table.
   */
  static final class PrimitiveGroups {
    private static final int INITIAL_GROUPS = 16;

    private long[] slots = emptySlots(INITIAL_GROUPS);
    private int mask = INITIAL_GROUPS - 1;
    private int maxFill = (int) (INITIAL_GROUPS * 0.75);
    private long[] groupKeys = new long[INITIAL_GROUPS];
    private int[] groupIds = new int[INITIAL_GROUPS];
    private long[] aggregates = new long[2 * INITIAL_GROUPS];
    private int groupCount;
    private int[] rowGroups = new int[0];

    void addLongKeys(long[] keys, long[] values, int rows) {
      int[] rowGroups = scratch(rows);
      for (int row = 0; row < rows; row++) {
        long key = keys[row];
        int slot = (int) mix(key) & mask;
        int group;
        while (true) {
          group = (int) slots[2 * slot + 1];
          if (group < 0) {
            group = insert(slot, key, 0);
            break;
          }
          if (slots[2 * slot] == key) {
            break;
          }
          slot = (slot + 1) & mask;
        }
        rowGroups[row] = group;
      }
      aggregate(rowGroups, values, rows);
    }

    void addPairKeys(long[] keys, int[] ids, long[] values, int rows) {
      int[] rowGroups = scratch(rows);
      for (int row = 0; row < rows; row++) {
        long key = keys[row];
        int id = ids[row];
        int slot = (int) mix(pairHash(key, id)) & mask;
        int group;
        while (true) {
          long entry = slots[2 * slot + 1];
          group = (int) entry;
          if (group < 0) {
            group = insert(slot, key, id);
            break;
          }
          if (slots[2 * slot] == key && (int) (entry >>> 32) == id) {
            break;
          }
          slot = (slot + 1) & mask;
        }
        rowGroups[row] = group;
      }
      aggregate(rowGroups, values, rows);
    }

    private int[] scratch(int rows) {
      if (rowGroups.length < rows) {
        rowGroups = new int[rows];
      }
      return rowGroups;
    }

    private void aggregate(int[] groups, long[] values, int rows) {
      long[] countAndSum = aggregates;
      for (int row = 0; row < rows; row++) {
        int group = groups[row];
        countAndSum[2 * group]++;
        countAndSum[2 * group + 1] = Math.addExact(countAndSum[2 * group + 1], values[row]);
      }
    }

    /**
     * Combines the two keys before the finalizer. The id's multiplier differs from the one that
     * scatters the BIGINT keys: with the same one, {@code (i, id)} and {@code (i + 1, id - 1)}
     * would collide.
     */
    private static long pairHash(long key, int id) {
      return key + id * 0xC2B2AE3D27D4EB4FL;
    }

    private int insert(int slot, long key, int id) {
      if (groupCount == groupKeys.length) {
        int length = groupKeys.length * 2;
        groupKeys = Arrays.copyOf(groupKeys, length);
        groupIds = Arrays.copyOf(groupIds, length);
        aggregates = Arrays.copyOf(aggregates, 2 * length);
      }
      int group = groupCount++;
      groupKeys[group] = key;
      groupIds[group] = id;
      put(slots, slot, key, id, group);
      if (groupCount > maxFill) {
        rehash();
      }
      return group;
    }

    private static void put(long[] table, int slot, long key, int id, int group) {
      table[2 * slot] = key;
      table[2 * slot + 1] = ((long) id << 32) | group;
    }

    /**
     * Doubles the table, re-inserting every group from its key; a single key has id 0, and {@code
     * pairHash(key, 0) == key}.
     */
    private void rehash() {
      int capacity = slots.length;
      long[] table = emptySlots(capacity);
      int newMask = capacity - 1;
      for (int group = 0; group < groupCount; group++) {
        long key = groupKeys[group];
        int id = groupIds[group];
        int slot = (int) mix(pairHash(key, id)) & newMask;
        while ((int) table[2 * slot + 1] >= 0) {
          slot = (slot + 1) & newMask;
        }
        put(table, slot, key, id, group);
      }
      slots = table;
      mask = newMask;
      maxFill = (int) (capacity * 0.75);
    }

    /** A table of {@code capacity} slots, each with group id -1 (empty). */
    private static long[] emptySlots(int capacity) {
      long[] table = new long[2 * capacity];
      Arrays.fill(table, -1L);
      return table;
    }

    /** murmur3's fmix64, as Aurora's group-by hash uses. */
    private static long mix(long value) {
      long h = value;
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      h ^= h >>> 33;
      return h;
    }

    int groupCount() {
      return groupCount;
    }

    long key(int group) {
      return groupKeys[group];
    }

    int dictionaryId(int group) {
      return groupIds[group];
    }

    long count(int group) {
      return aggregates[2 * group];
    }

    long sum(int group) {
      return aggregates[2 * group + 1];
    }
  }
}
