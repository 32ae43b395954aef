package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.BlockValues;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.sort.AddressSorter;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The aggregates that need a group's values in an order: string_agg (in its ORDER BY, else in input
 * order), percentile_disc and mode (in their WITHIN GROUP order). Every input row with a non-null
 * value is appended, with its group id, to column builders shared by all groups: the value and the
 * ORDER BY columns, so that accumulating allocates nothing per row or per group. The first {@link
 * #buildFinal} sorts the rows once, by group (a stable counting sort) and within each group by the
 * keys (a stable merge sort), and each group's result is read from its run of sorted rows. Not
 * splittable: a group's result needs all its values, so the planner runs these in a SINGLE step.
 */
final class OrderedValuesAccumulator extends Accumulator {
  private final AggregateKind kind;
  private final DataType outputType;
  private final double fraction;
  private final byte[] separator;
  private final int[] channels;
  private final BlockBuilder[] builders;
  private final int[] keyColumns;
  private final boolean[] isAscending;
  private final boolean[] isNullsFirst;
  private int[] groups = new int[0];
  private int rowCount;
  private int groupCapacity;
  private boolean isSorted;
  private Block[] columns = new Block[0];
  private int[] groupStarts = new int[0];
  private long[] sortedRows = new long[0];

  OrderedValuesAccumulator(AggregateSpec spec, MemoryContext memory) {
    super(memory);
    this.kind = spec.kind();
    switch (kind) {
      case STRING_AGG, PERCENTILE_DISC, MODE -> {}
      default -> throw new IllegalArgumentException("not an ordered aggregate: " + kind);
    }
    this.outputType = spec.outputType();
    this.fraction = spec.fraction();
    this.separator = spec.separator().getBytes(StandardCharsets.UTF_8);
    List<Integer> bufferedChannels = new ArrayList<>();
    List<DataType> bufferedTypes = new ArrayList<>();
    bufferedChannels.add(spec.inputChannel());
    bufferedTypes.add(requireType(spec.inputType()));
    List<SortKey> orderBy = spec.orderBy();
    keyColumns = new int[orderBy.size()];
    isAscending = new boolean[orderBy.size()];
    isNullsFirst = new boolean[orderBy.size()];
    for (int i = 0; i < orderBy.size(); i++) {
      SortKey key = orderBy.get(i);
      int column = bufferedChannels.indexOf(key.channel());
      if (column < 0) {
        column = bufferedChannels.size();
        bufferedChannels.add(key.channel());
        bufferedTypes.add(spec.orderByTypes().get(i));
      }
      keyColumns[i] = column;
      isAscending[i] = key.isAscending();
      isNullsFirst[i] = key.isNullsFirst();
    }
    channels = bufferedChannels.stream().mapToInt(Integer::intValue).toArray();
    builders = new BlockBuilder[channels.length];
    for (int i = 0; i < channels.length; i++) {
      builders[i] = BlockBuilder.forType(bufferedTypes.get(i), 16);
    }
  }

  private static DataType requireType(@Nullable DataType type) {
    if (type == null) {
      throw new IllegalArgumentException("ordered aggregates need an input type");
    }
    return type;
  }

  @Override
  public List<DataType> intermediateTypes() {
    throw new IllegalArgumentException(kind + " is not splittable");
  }

  @Override
  public void ensureCapacity(int groupCount) {
    groupCapacity = Math.max(groupCapacity, groupCount);
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    if (isSorted) {
      throw new IllegalStateException("input after the result was built");
    }
    int rows = page.rowCount();
    int[] selection = page.selection();
    Block[] blocks = new Block[channels.length];
    for (int column = 0; column < channels.length; column++) {
      blocks[column] = page.block(channels[column]);
    }
    boolean[] nulls = blocks[0].nulls();
    long bytes = 0;
    for (int row = 0; row < rows; row++) {
      int position = selection == null ? row : selection[row];
      if (nulls != null && nulls[position]) {
        continue;
      }
      if (rowCount == groups.length) {
        groups = Arrays.copyOf(groups, grownCapacity(groups.length, rowCount + 1));
      }
      groups[rowCount++] = groupIds[row];
      for (int column = 0; column < blocks.length; column++) {
        builders[column].appendFrom(blocks[column], position);
        bytes += 9 + stringLength(blocks[column], position);
      }
      bytes += 4;
    }
    reserve(bytes);
  }

  private static int stringLength(Block block, int position) {
    if (block instanceof VarcharBlock strings) {
      return strings.length(position);
    }
    if (block instanceof DictionaryBlock dictionary && !dictionary.isNull(position)) {
      return dictionary.dictionary().length(dictionary.id(position));
    }
    return 0;
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    throw new IllegalArgumentException(kind + " is not splittable");
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    throw new IllegalArgumentException(kind + " is not splittable");
  }

  @Override
  public Block buildFinal(int from, int to) {
    if (!isSorted) {
      sortRows();
    }
    BlockBuilder out = BlockBuilder.forType(outputType, to - from);
    byte[] joined = new byte[0];
    for (int group = from; group < to; group++) {
      int start = groupStarts[group];
      int end = groupStarts[group + 1];
      if (start == end) {
        out.appendNull();
        continue;
      }
      switch (kind) {
        case PERCENTILE_DISC -> {
          // PostgreSQL: the first row whose position (1-based) reaches fraction * count
          int position = Math.max(1, (int) Math.ceil(fraction * (end - start)));
          out.appendFrom(columns[0], (int) sortedRows[start + position - 1]);
        }
        case MODE -> out.appendFrom(columns[0], (int) sortedRows[mostFrequent(start, end)]);
        case STRING_AGG -> {
          VarcharBlock strings = (VarcharBlock) columns[0];
          int length = 0;
          for (int i = start; i < end; i++) {
            int row = (int) sortedRows[i];
            int needed = length + strings.length(row) + (i > start ? separator.length : 0);
            if (needed > joined.length) {
              joined = Arrays.copyOf(joined, Math.max(needed, joined.length * 2));
            }
            if (i > start) {
              System.arraycopy(separator, 0, joined, length, separator.length);
              length += separator.length;
            }
            System.arraycopy(
                strings.bytes(), strings.offset(row), joined, length, strings.length(row));
            length += strings.length(row);
          }
          ((BlockBuilder.VarcharBuilder) out).append(joined, 0, length);
        }
        default -> throw new IllegalStateException("not an ordered aggregate: " + kind);
      }
    }
    return out.build();
  }

  /** The index in {@code sortedRows} of the first row of the longest run of equal values. */
  private int mostFrequent(int start, int end) {
    Block values = columns[0];
    int best = start;
    int bestLength = 0;
    int runStart = start;
    for (int i = start + 1; i <= end; i++) {
      if (i == end
          || BlockValues.compareNonNull(
                  values, (int) sortedRows[runStart], values, (int) sortedRows[i])
              != 0) {
        if (i - runStart > bestLength) {
          best = runStart;
          bestLength = i - runStart;
        }
        runStart = i;
      }
    }
    return best;
  }

  /** Sorts the buffered rows by group, then by the keys, keeping input order among equal rows. */
  private void sortRows() {
    Block[] built = new Block[builders.length];
    for (int i = 0; i < builders.length; i++) {
      built[i] = builders[i].build();
    }
    columns = built;
    isSorted = true;
    reserve((groupCapacity + 1) * 4L + rowCount * 24L);
    groupStarts = new int[groupCapacity + 1];
    for (int row = 0; row < rowCount; row++) {
      groupStarts[groups[row] + 1]++;
    }
    for (int group = 0; group < groupCapacity; group++) {
      groupStarts[group + 1] += groupStarts[group];
    }
    int[] next = Arrays.copyOf(groupStarts, groupCapacity);
    sortedRows = new long[rowCount];
    for (int row = 0; row < rowCount; row++) {
      sortedRows[next[groups[row]]++] = row;
    }
    if (keyColumns.length == 0) {
      return;
    }
    long[] run = new long[rowCount];
    long[] scratch = new long[rowCount];
    for (int group = 0; group < groupCapacity; group++) {
      int start = groupStarts[group];
      int count = groupStarts[group + 1] - start;
      if (count > 1) {
        System.arraycopy(sortedRows, start, run, 0, count);
        AddressSorter.sort(run, scratch, count, this::compareRows);
        System.arraycopy(run, 0, sortedRows, start, count);
      }
    }
  }

  private int compareRows(long left, long right) {
    for (int i = 0; i < keyColumns.length; i++) {
      Block block = columns[keyColumns[i]];
      int leftRow = (int) left;
      int rightRow = (int) right;
      boolean leftNull = block.isNull(leftRow);
      boolean rightNull = block.isNull(rightRow);
      int comparison;
      if (leftNull || rightNull) {
        comparison = leftNull == rightNull ? 0 : (leftNull == isNullsFirst[i] ? -1 : 1);
      } else {
        comparison = BlockValues.compareNonNull(block, leftRow, block, rightRow);
        if (!isAscending[i]) {
          comparison = -comparison;
        }
      }
      if (comparison != 0) {
        return comparison;
      }
    }
    return 0;
  }
}
