package io.aurora.benchmarks.storage;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.PredicateEvaluator;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.SegmentScanner;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.segment.SegmentReader;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.segment.SegmentWriter;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Scan-and-filter throughput of one segment column, in rows per second on one thread, beside a
 * plain loop over a primitive array holding the same values (the memory-speed ceiling).
 *
 * <p>Setup writes one single-column segment of {@link #DEFAULT_BLOCK_COUNT} blocks of 65,536 rows
 * with {@link SegmentWriter} and opens a {@link SegmentReader}. The values are random within every
 * block, so block statistics never skip a block and every row goes through the filter. The
 * benchmarks:
 *
 * <ul>
 *   <li>{@link #scanAndFilter}: plan the segment with {@link SegmentScanner#splits} and drain every
 *       page, counting the selected rows; what a query pays.
 *   <li>{@link #decodeOnly}: {@link SegmentReader#readBlock} of every block, no filter.
 *   <li>{@link #filterDecoded}: {@link PredicateEvaluator#filter} over blocks decoded once in
 *       setup, into one reused selection array; the kernel alone.
 *   <li>{@link #primitiveLoop}: the same predicate over an {@code int[]}, {@code long[]}, {@code
 *       double[]} or the dictionary ids, counting matches.
 * </ul>
 *
 * Scores are rows per second: each invocation reads every row once.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchmarkScanFilter.DEFAULT_ROWS)
public class BenchmarkScanFilter {
  /** Blocks in the segment a JMH run scans. */
  public static final int DEFAULT_BLOCK_COUNT = 64;

  /** Rows in the segment a JMH run scans: the operations of one invocation. */
  public static final int DEFAULT_ROWS =
      DEFAULT_BLOCK_COUNT * SegmentWriteOptions.DEFAULT_BLOCK_ROW_COUNT;

  private static final String COLUMN = "value";
  private static final long SEED = 20_250_101L;
  private static final double SELECTIVITY = 0.1;
  private static final String SEGMENT_FILE = "segment-1.aseg";

  /** The column's type and the shape of the predicate on it. */
  public enum ColumnCase {
    /** INTEGER uniform in 0..1,000,000; {@code value < 100000}. */
    INTEGER,
    /** BIGINT user ids repeated in short runs; {@code value < p10}. */
    BIGINT,
    /** DOUBLE log-normal prices in cents; {@code value < p10}. */
    DOUBLE,
    /** Dictionary VARCHAR, 1,000 Zipf-skewed city names; {@code value < bound} (about 10%). */
    VARCHAR_DICTIONARY,
    /**
     * The same column written without an inverted index; {@code value IN (...)} of mid-frequency
     * names adding up to about 10%, through the dictionary id-set kernel.
     */
    VARCHAR_DICTIONARY_IN,
    /** The same column with its inverted index; {@code value = 'mid-frequency name'}. */
    VARCHAR_DICTIONARY_EQUAL_INDEXED
  }

  @Param public ColumnCase columnCase = ColumnCase.INTEGER;

  /**
   * Blocks to write. Not a {@code @Param} because {@link OperationsPerInvocation} is a constant;
   * tests shrink it to run each benchmark once in milliseconds.
   */
  int blockCount = DEFAULT_BLOCK_COUNT;

  private Path directory;
  private SegmentReader reader;
  private SegmentReader cachedReader;
  private ColumnSchema column;
  private ColumnPredicate predicate;
  private Block[] decoded;
  private int[] selection;
  private int[] intValues;
  private long[] longValues;
  private double[] doubleValues;
  private int intBound;
  private long longBound;
  private double doubleBound;
  private boolean[] matchingIds;

  /** Writes the segment, opens it and copies its values into primitive arrays. */
  @Setup
  public void setup() throws IOException {
    int rows = blockCount * SegmentWriteOptions.DEFAULT_BLOCK_ROW_COUNT;
    SplittableRandom random = new SplittableRandom(SEED);
    Block values =
        switch (columnCase) {
          case INTEGER -> integers(rows, random);
          case BIGINT -> userIds(rows, random);
          case DOUBLE -> prices(rows, random);
          case VARCHAR_DICTIONARY, VARCHAR_DICTIONARY_IN, VARCHAR_DICTIONARY_EQUAL_INDEXED ->
              cities(rows, random);
        };
    SegmentWriteOptions options = SegmentWriteOptions.DEFAULT;
    if (columnCase == ColumnCase.VARCHAR_DICTIONARY_IN) {
      options =
          new SegmentWriteOptions(
              options.blockRowCount(),
              options.codec(),
              options.minimumSavings(),
              options.dictionaryMaxDistinctRatio(),
              0,
              options.bloomFilterMinCardinality(),
              options.bloomFilterBitsPerEntry());
    }
    directory = Files.createTempDirectory("aurora-benchmark-scan");
    Path file = directory.resolve(SEGMENT_FILE);
    SegmentWriter.write(
        file, 1, List.of(column), List.of(new Page(rows, values)), List.of(), List.of(), options);
    reader = SegmentReader.open(file);
    cachedReader = SegmentReader.open(file, new BlockCache(1L << 30));
    decoded = new Block[reader.footer().blockCount()];
    for (int block = 0; block < decoded.length; block++) {
      decoded[block] = reader.readBlock(0, block);
    }
    selection = new int[SegmentWriteOptions.DEFAULT_BLOCK_ROW_COUNT];
    copyValues(rows);
  }

  private Block integers(int rows, SplittableRandom random) {
    int[] data = new int[rows];
    for (int i = 0; i < rows; i++) {
      data[i] = random.nextInt(1_000_001);
    }
    column = ColumnSchema.of(COLUMN, DataType.INTEGER);
    predicate = lessThan(100_000L);
    return new IntBlock(rows, data, null);
  }

  private Block userIds(int rows, SplittableRandom random) {
    long[] data = new long[rows];
    for (int i = 0; i < rows; ) {
      long user = 1_000_000_000_000L + random.nextLong(50_000_000L);
      for (int run = 1 + random.nextInt(8); run > 0 && i < rows; run--) {
        data[i++] = user;
      }
    }
    long[] sorted = data.clone();
    Arrays.sort(sorted);
    column = ColumnSchema.of(COLUMN, DataType.BIGINT);
    predicate = lessThan(sorted[(int) (rows * SELECTIVITY)]);
    return new LongBlock(rows, data, null);
  }

  private Block prices(int rows, SplittableRandom random) {
    double[] data = new double[rows];
    for (int i = 0; i < rows; i++) {
      data[i] = Math.round(Math.exp(3 + 0.8 * random.nextGaussian()) * 100) / 100.0;
    }
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    column = ColumnSchema.of(COLUMN, DataType.DOUBLE);
    predicate = lessThan(sorted[(int) (rows * SELECTIVITY)]);
    return new DoubleBlock(rows, data, null);
  }

  private Block cities(int rows, SplittableRandom random) {
    String[] cities = EventTableGenerator.names(1_000, 23, 3);
    EventTableGenerator.ZipfSampler sampler =
        new EventTableGenerator.ZipfSampler(cities.length, 0.9, random);
    int[] counts = new int[cities.length];
    BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(rows);
    for (int i = 0; i < rows; i++) {
      int rank = sampler.next();
      counts[rank]++;
      builder.append(cities[rank]);
    }
    column = ColumnSchema.of(COLUMN, DataType.VARCHAR);
    predicate = varcharPredicate(cities, counts, rows);
    return builder.build();
  }

  private static ColumnPredicate lessThan(Object value) {
    return new ColumnPredicate.Comparison(COLUMN, ColumnPredicate.Operator.LESS_THAN, value);
  }

  /**
   * The VARCHAR case's predicate: a bound below which about 10% of the rows lie, names from rank 5
   * on adding up to about 10%, or the name of rank 50 (the names are ASCII, so {@link
   * String#compareTo} orders them like their UTF-8 bytes).
   */
  private ColumnPredicate varcharPredicate(String[] cities, int[] counts, int rows) {
    return switch (columnCase) {
      case VARCHAR_DICTIONARY -> {
        String[] sorted = cities.clone();
        Arrays.sort(sorted);
        int[] sortedCounts = new int[sorted.length];
        for (int rank = 0; rank < cities.length; rank++) {
          sortedCounts[Arrays.binarySearch(sorted, cities[rank])] = counts[rank];
        }
        long below = 0;
        int next = 0;
        while (below < rows * SELECTIVITY) {
          below += sortedCounts[next++];
        }
        yield lessThan(sorted[next]);
      }
      case VARCHAR_DICTIONARY_IN -> {
        List<Object> names = new ArrayList<>();
        long selected = 0;
        for (int rank = 5; selected < rows * SELECTIVITY; rank++) {
          names.add(cities[rank]);
          selected += counts[rank];
        }
        yield new ColumnPredicate.In(COLUMN, names);
      }
      case VARCHAR_DICTIONARY_EQUAL_INDEXED ->
          new ColumnPredicate.Comparison(COLUMN, ColumnPredicate.Operator.EQUAL, cities[50]);
      case INTEGER, BIGINT, DOUBLE -> throw new IllegalStateException("not a VARCHAR case");
    };
  }

  /** Fills the primitive array and constant of {@link #primitiveLoop} from the decoded blocks. */
  private void copyValues(int rows) {
    switch (columnCase) {
      case INTEGER -> {
        intValues = new int[rows];
        int offset = 0;
        for (Block block : decoded) {
          IntBlock ints = (IntBlock) block;
          System.arraycopy(ints.values(), 0, intValues, offset, ints.positionCount());
          offset += ints.positionCount();
        }
        intBound = ((Long) comparisonValue()).intValue();
      }
      case BIGINT -> {
        longValues = new long[rows];
        int offset = 0;
        for (Block block : decoded) {
          LongBlock longs = (LongBlock) block;
          System.arraycopy(longs.values(), 0, longValues, offset, longs.positionCount());
          offset += longs.positionCount();
        }
        longBound = (Long) comparisonValue();
      }
      case DOUBLE -> {
        doubleValues = new double[rows];
        int offset = 0;
        for (Block block : decoded) {
          DoubleBlock doubles = (DoubleBlock) block;
          System.arraycopy(doubles.values(), 0, doubleValues, offset, doubles.positionCount());
          offset += doubles.positionCount();
        }
        doubleBound = (Double) comparisonValue();
      }
      case VARCHAR_DICTIONARY, VARCHAR_DICTIONARY_IN, VARCHAR_DICTIONARY_EQUAL_INDEXED -> {
        intValues = new int[rows];
        int offset = 0;
        for (Block block : decoded) {
          DictionaryBlock ids = (DictionaryBlock) block;
          System.arraycopy(ids.ids(), 0, intValues, offset, ids.positionCount());
          offset += ids.positionCount();
        }
        copyDictionaryConstants(reader.dictionary(0));
      }
    }
  }

  private Object comparisonValue() {
    return ((ColumnPredicate.Comparison) predicate).value();
  }

  /**
   * Marks the dictionary ids the VARCHAR predicate matches and derives the id constant of the loop:
   * the exclusive upper id of {@code <}, the id of the {@code =} value.
   */
  private void copyDictionaryConstants(VarcharBlock dictionary) {
    matchingIds = new boolean[dictionary.positionCount()];
    for (int id = 0; id < dictionary.positionCount(); id++) {
      String name = dictionary.string(id);
      if (predicate instanceof ColumnPredicate.In in) {
        matchingIds[id] = in.values().contains(name);
      } else if (columnCase == ColumnCase.VARCHAR_DICTIONARY) {
        matchingIds[id] = name.compareTo((String) comparisonValue()) < 0;
      } else {
        matchingIds[id] = name.equals(comparisonValue());
      }
    }
    if (columnCase == ColumnCase.VARCHAR_DICTIONARY) {
      intBound = firstFalse(matchingIds);
    } else if (columnCase == ColumnCase.VARCHAR_DICTIONARY_EQUAL_INDEXED) {
      intBound = firstTrue(matchingIds);
    }
  }

  private static int firstTrue(boolean[] matches) {
    int id = 0;
    while (id < matches.length && !matches[id]) {
      id++;
    }
    return id;
  }

  /** The first id that does not match: the exclusive id bound of a sorted {@code <} predicate. */
  private static int firstFalse(boolean[] matches) {
    int id = 0;
    while (id < matches.length && matches[id]) {
      id++;
    }
    return id;
  }

  /** Closes nothing (the map goes with the reader) and deletes the segment file. */
  @TearDown
  public void tearDown() throws IOException {
    reader = null;
    decoded = null;
    Files.deleteIfExists(directory.resolve(SEGMENT_FILE));
    Files.deleteIfExists(directory);
  }

  /** Plans and drains a scan of the segment with the predicate; returns the selected row count. */
  @Benchmark
  public long scanAndFilter() {
    return scan(reader);
  }

  /**
   * The same scan through a reader whose decoded blocks are cached (warm after the first
   * iteration): what a repeated dashboard query costs.
   */
  @Benchmark
  public long scanAndFilterCached() {
    return scan(cachedReader);
  }

  private long scan(SegmentReader segment) {
    ScanContext context =
        new ScanContext(
            List.of(column), ScanRequest.of(List.of(COLUMN), predicate), new ScanStatistics());
    long selected = 0;
    for (ScanSplit split : SegmentScanner.splits(segment, context, Integer.MAX_VALUE)) {
      try (PageSource source = split.open()) {
        for (Page page = source.next(); page != null; page = source.next()) {
          selected += page.rowCount();
        }
      }
    }
    return selected;
  }

  /** Decodes every block of the column; returns the decoded position count. */
  @Benchmark
  public long decodeOnly() {
    long positions = 0;
    int blocks = reader.footer().blockCount();
    for (int block = 0; block < blocks; block++) {
      positions += reader.readBlock(0, block).positionCount();
    }
    return positions;
  }

  /** Runs the storage filter kernel over blocks decoded in setup; returns the selected count. */
  @Benchmark
  public long filterDecoded() {
    long selected = 0;
    DataType type = column.type();
    for (Block block : decoded) {
      selected += PredicateEvaluator.filter(predicate, type, block, null, 0, selection);
    }
    return selected;
  }

  /** The same predicate over a primitive array of the same values; returns the match count. */
  @Benchmark
  public long primitiveLoop() {
    return switch (columnCase) {
      case INTEGER -> countBelow(intValues, intBound);
      case BIGINT -> countBelow(longValues, longBound);
      case DOUBLE -> countBelow(doubleValues, doubleBound);
      case VARCHAR_DICTIONARY -> countBelow(intValues, intBound);
      case VARCHAR_DICTIONARY_IN -> countMatching(intValues, matchingIds);
      case VARCHAR_DICTIONARY_EQUAL_INDEXED -> countEqual(intValues, intBound);
    };
  }

  private static long countBelow(int[] values, int bound) {
    long count = 0;
    for (int i = 0; i < values.length; i++) {
      count += values[i] < bound ? 1 : 0;
    }
    return count;
  }

  private static long countBelow(long[] values, long bound) {
    long count = 0;
    for (int i = 0; i < values.length; i++) {
      count += values[i] < bound ? 1 : 0;
    }
    return count;
  }

  private static long countBelow(double[] values, double bound) {
    long count = 0;
    for (int i = 0; i < values.length; i++) {
      count += values[i] < bound ? 1 : 0;
    }
    return count;
  }

  private static long countEqual(int[] values, int target) {
    long count = 0;
    for (int i = 0; i < values.length; i++) {
      count += values[i] == target ? 1 : 0;
    }
    return count;
  }

  private static long countMatching(int[] ids, boolean[] matches) {
    long count = 0;
    for (int i = 0; i < ids.length; i++) {
      count += matches[ids[i]] ? 1 : 0;
    }
    return count;
  }
}
