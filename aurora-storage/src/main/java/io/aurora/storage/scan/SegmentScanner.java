package io.aurora.storage.scan;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.index.BloomFilter;
import io.aurora.storage.index.InvertedIndex;
import io.aurora.storage.index.ValueHashing;
import io.aurora.storage.predicate.BlockStatistics;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.PredicateEvaluator;
import io.aurora.storage.segment.ColumnMetadata;
import io.aurora.storage.segment.ReadBuffer;
import io.aurora.storage.segment.SegmentReader;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.PhysicalType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Plans and reads the scan of one immutable segment.
 *
 * <p>Planning decides, before any block is decoded, whether the segment can hold a matching row: by
 * each predicate column's segment statistics, by its Bloom filter for equality and IN, and by its
 * dictionary (a value absent from the dictionary matches no row). Equality and IN on a column with
 * an inverted index become a bitmap of candidate rows. The segment is then cut into splits of whole
 * blocks. Reading a block first checks its statistics and the bitmap, then decodes the predicate
 * columns one at a time, narrowing a selection vector, and decodes the output columns only when
 * rows remain.
 */
public final class SegmentScanner {
  private SegmentScanner() {}

  /**
   * The splits of {@code segment} that may hold rows matching the context's predicates, each of at
   * most {@code blocksPerSplit} blocks; none when the segment is skipped entirely.
   */
  public static List<ScanSplit> splits(
      SegmentReader segment, ScanContext context, int blocksPerSplit) {
    return splits(segment, context, blocksPerSplit, null);
  }

  /**
   * The splits of {@code segment} as {@link #splits(SegmentReader, ScanContext, int)} plans them,
   * without the rows in {@code deleted} (row numbers of the segment, removed by DELETE).
   */
  public static List<ScanSplit> splits(
      SegmentReader segment,
      ScanContext context,
      int blocksPerSplit,
      @Nullable RoaringBitmap deleted) {
    if (blocksPerSplit < 1) {
      throw new IllegalArgumentException("blocksPerSplit must be positive: " + blocksPerSplit);
    }
    SegmentPlan plan = plan(segment, context);
    ScanStatistics statistics = context.statistics();
    if (plan == null) {
      statistics.addSegment(true);
      return List.of();
    }
    statistics.addSegment(false);
    int blockCount = segment.footer().blockCount();
    List<ScanSplit> splits = new ArrayList<>();
    for (int first = 0; first < blockCount; first += blocksPerSplit) {
      int start = first;
      int end = Math.min(blockCount, first + blocksPerSplit);
      long rows =
          Math.min((long) end * segment.footer().blockRowCount(), segment.rowCount())
              - (long) start * segment.footer().blockRowCount();
      splits.add(
          new ScanSplit() {
            @Override
            public PageSource open() {
              return new SegmentPageSource(segment, context, plan, start, end, deleted);
            }

            @Override
            public long estimatedRows() {
              return rows;
            }
          });
    }
    return splits;
  }

  /**
   * The row numbers of {@code segment} that satisfy every predicate of the context and are not in
   * {@code deleted}: what a DELETE with that conjunction removes. Uses the same pruning as a scan,
   * so a DELETE by time range or key decodes only the blocks that may match.
   */
  public static RoaringBitmap matchingRows(
      SegmentReader segment, ScanContext context, @Nullable RoaringBitmap deleted) {
    RoaringBitmap matching = new RoaringBitmap();
    SegmentPlan plan = plan(segment, context);
    if (plan == null) {
      return matching;
    }
    SegmentPageSource source =
        new SegmentPageSource(segment, context, plan, 0, segment.footer().blockCount(), deleted);
    int blockRowCount = segment.footer().blockRowCount();
    for (int block = 0; block < segment.footer().blockCount(); block++) {
      Selected selected = source.select(block);
      if (selected == null) {
        continue;
      }
      int start = block * blockRowCount;
      if (selected.positions() == null) {
        matching.add((long) start, (long) start + selected.count());
      } else {
        for (int i = 0; i < selected.count(); i++) {
          matching.add(start + selected.positions()[i]);
        }
      }
    }
    return matching;
  }

  /** The rows of one block a scan keeps: all {@code count} when positions is null. */
  private record Selected(int rows, int @Nullable [] positions, int count) {}

  /**
   * What planning learned: segment column of each predicate and output, the residual predicates.
   */
  private record SegmentPlan(
      int[] predicateColumns,
      boolean[] isAnsweredByIndex,
      @Nullable RoaringBitmap candidateRows,
      int[] outputColumns) {}

  private static @Nullable SegmentPlan plan(SegmentReader segment, ScanContext context) {
    List<ColumnPredicate> predicates = context.predicates();
    int[] predicateColumns = new int[predicates.size()];
    boolean[] isAnsweredByIndex = new boolean[predicates.size()];
    RoaringBitmap candidateRows = null;
    for (int i = 0; i < predicates.size(); i++) {
      ColumnPredicate predicate = predicates.get(i);
      ColumnSchema schema = context.predicateColumn(i);
      int column = segment.columnIndex(schema.name());
      predicateColumns[i] = column;
      BlockStatistics statistics =
          column < 0 ? allNull(segment.rowCount()) : segment.column(column).statistics();
      if (!PredicateEvaluator.mayMatch(predicate, schema.type(), statistics)) {
        return null;
      }
      List<Object> values = equalityValues(predicate);
      if (column < 0 || values == null) {
        continue;
      }
      ColumnMetadata metadata = segment.column(column);
      if (metadata.hasDictionary()) {
        VarcharBlock dictionary = segment.dictionary(column);
        int[] ids = new int[values.size()];
        int found = 0;
        for (Object value : values) {
          int id = find(dictionary, value.toString().getBytes(StandardCharsets.UTF_8));
          if (id >= 0) {
            ids[found++] = id;
          }
        }
        if (found == 0) {
          return null;
        }
        InvertedIndex index = segment.invertedIndex(column);
        if (index != null) {
          RoaringBitmap rows = new RoaringBitmap();
          for (int j = 0; j < found; j++) {
            rows.or(index.rows(ids[j]).toRoaringBitmap());
          }
          candidateRows = candidateRows == null ? rows : RoaringBitmap.and(candidateRows, rows);
          isAnsweredByIndex[i] = true;
          if (candidateRows.isEmpty()) {
            return null;
          }
        }
      } else {
        BloomFilter bloomFilter = segment.bloomFilter(column);
        if (bloomFilter != null && !mightContainAny(bloomFilter, schema, values)) {
          return null;
        }
      }
    }
    List<ColumnSchema> outputs = context.outputColumns();
    int[] outputColumns = new int[outputs.size()];
    for (int i = 0; i < outputColumns.length; i++) {
      outputColumns[i] = segment.columnIndex(outputs.get(i).name());
    }
    return new SegmentPlan(predicateColumns, isAnsweredByIndex, candidateRows, outputColumns);
  }

  static BlockStatistics allNull(int rows) {
    return new BlockStatistics(rows, rows, null, null);
  }

  private static @Nullable List<Object> equalityValues(ColumnPredicate predicate) {
    if (predicate instanceof ColumnPredicate.Comparison comparison
        && comparison.operator() == ColumnPredicate.Operator.EQUAL) {
      return List.of(comparison.value());
    }
    if (predicate instanceof ColumnPredicate.In in) {
      return in.values();
    }
    return null;
  }

  private static boolean mightContainAny(
      BloomFilter filter, ColumnSchema column, List<Object> values) {
    PhysicalType type = column.type().physicalType();
    for (Object value : values) {
      long hash;
      if (type == PhysicalType.VARCHAR) {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        hash = ValueHashing.hashBytes(bytes, 0, bytes.length);
      } else if ((type == PhysicalType.INT || type == PhysicalType.LONG)
          && (value instanceof Long || value instanceof Integer)) {
        hash = ValueHashing.hashLong(((Number) value).longValue());
      } else {
        return true;
      }
      if (filter.mightContain(hash)) {
        return true;
      }
    }
    return false;
  }

  /** The id of {@code value} in a sorted dictionary, or -1. */
  static int find(VarcharBlock dictionary, byte[] value) {
    int low = 0;
    int high = dictionary.positionCount() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int comparison = dictionary.compareBytes(middle, value);
      if (comparison < 0) {
        low = middle + 1;
      } else if (comparison > 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -1;
  }

  private static final class SegmentPageSource implements PageSource {
    private final SegmentReader segment;
    private final ScanContext context;
    private final SegmentPlan plan;
    private final int endBlock;
    private final Block[] decoded;
    private final ReadBuffer buffer = new ReadBuffer();
    private final @Nullable RoaringBitmap deleted;
    private int nextBlock;

    SegmentPageSource(
        SegmentReader segment,
        ScanContext context,
        SegmentPlan plan,
        int firstBlock,
        int endBlock,
        @Nullable RoaringBitmap deleted) {
      this.segment = segment;
      this.context = context;
      this.plan = plan;
      this.nextBlock = firstBlock;
      this.endBlock = endBlock;
      this.decoded = new Block[segment.footer().columns().size()];
      this.deleted = deleted == null || deleted.isEmpty() ? null : deleted;
    }

    @Override
    public @Nullable Page next() {
      while (nextBlock < endBlock) {
        Page page = read(nextBlock++);
        if (page != null) {
          return page;
        }
      }
      return null;
    }

    private @Nullable Page read(int block) {
      Selected selected = select(block);
      if (selected == null) {
        return null;
      }
      int rows = selected.rows();
      int[] selection = selected.positions();
      int count = selected.count();
      List<ColumnSchema> outputs = context.outputColumns();
      Block[] blocks = new Block[outputs.size()];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = column(plan.outputColumns()[i], outputs.get(i), block, rows);
      }
      Page page = new Page(rows, blocks);
      return selection == null || count == rows ? page : page.withSelection(selection, count);
    }

    /**
     * Decides which rows of a block the scan keeps: by statistics, the index bitmap, the deleted
     * rows and the predicates, decoding the predicate columns only. Null when none remain.
     */
    private @Nullable Selected select(int block) {
      ScanStatistics statistics = context.statistics();
      List<ColumnPredicate> predicates = context.predicates();
      int blockRowCount = segment.footer().blockRowCount();
      int start = block * blockRowCount;
      int rows = Math.min(blockRowCount, segment.rowCount() - start);
      for (int i = 0; i < predicates.size(); i++) {
        int column = plan.predicateColumns()[i];
        if (plan.isAnsweredByIndex()[i]) {
          continue;
        }
        BlockStatistics blockStatistics =
            column < 0 ? allNull(rows) : segment.column(column).blocks().get(block).statistics();
        if (!PredicateEvaluator.mayMatch(
            predicates.get(i), context.predicateColumn(i).type(), blockStatistics)) {
          statistics.addBlockSkippedByStatistics();
          return null;
        }
      }
      int[] selection = null;
      int count = rows;
      RoaringBitmap candidates = plan.candidateRows();
      if (candidates != null) {
        count = (int) candidates.rangeCardinality(start, (long) start + rows);
        if (count == 0) {
          statistics.addBlockSkippedByIndex();
          return null;
        }
        selection = new int[count];
        PeekableIntIterator iterator = candidates.getIntIterator();
        iterator.advanceIfNeeded(start);
        for (int i = 0; i < count; i++) {
          selection[i] = iterator.next() - start;
        }
      }
      if (deleted != null) {
        int deletedRows = (int) deleted.rangeCardinality(start, (long) start + rows);
        if (deletedRows == rows) {
          return null;
        }
        if (deletedRows > 0) {
          if (selection == null) {
            selection = liveRows(start, rows, deletedRows);
            count = selection.length;
          } else {
            count = withoutDeleted(selection, count, start);
          }
          if (count == 0) {
            return null;
          }
        }
      }
      statistics.addBlock();
      Arrays.fill(decoded, null);
      for (int i = 0; i < predicates.size() && count > 0; i++) {
        if (plan.isAnsweredByIndex()[i]) {
          continue;
        }
        ColumnSchema schema = context.predicateColumn(i);
        Block values = column(plan.predicateColumns()[i], schema, block, rows);
        int[] output = selection == null ? new int[rows] : selection;
        count =
            PredicateEvaluator.filter(
                predicates.get(i), schema.type(), values, selection, count, output);
        selection = output;
      }
      if (count == 0) {
        statistics.addRows(rows, 0);
        return null;
      }
      statistics.addRows(rows, count);
      return new Selected(rows, selection, count);
    }

    /** Removes deleted rows from {@code selection[0..count)} (block positions) in place. */
    private int withoutDeleted(int[] selection, int count, int start) {
      PeekableIntIterator next = requireNonNull(deleted).getIntIterator();
      next.advanceIfNeeded(start);
      int nextDeleted = next.hasNext() ? next.peekNext() - start : Integer.MAX_VALUE;
      int kept = 0;
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        while (nextDeleted < position) {
          next.next();
          nextDeleted = next.hasNext() ? next.peekNext() - start : Integer.MAX_VALUE;
        }
        if (position != nextDeleted) {
          selection[kept++] = position;
        }
      }
      return kept;
    }

    /**
     * The block positions {@code 0..rows} without the {@code deletedRows} deleted ones, filled in
     * runs between the deleted rows (one pass over the bitmap's rows in the block).
     */
    private int[] liveRows(int start, int rows, int deletedRows) {
      int[] selection = new int[rows - deletedRows];
      PeekableIntIterator next = requireNonNull(deleted).getIntIterator();
      next.advanceIfNeeded(start);
      int kept = 0;
      int position = 0;
      while (next.hasNext()) {
        int gone = next.next() - start;
        if (gone >= rows) {
          break;
        }
        while (position < gone) {
          selection[kept++] = position++;
        }
        position = gone + 1;
      }
      while (position < rows) {
        selection[kept++] = position++;
      }
      return selection;
    }

    private Block column(int column, ColumnSchema schema, int block, int rows) {
      if (column < 0) {
        return NullBlocks.create(schema.type(), rows);
      }
      Block values = decoded[column];
      if (values == null) {
        values = segment.readBlock(column, block, buffer, context.cachesBlocks());
        decoded[column] = values;
        context.statistics().addBytes(segment.column(column).blocks().get(block).region().length());
      }
      return values;
    }
  }
}
