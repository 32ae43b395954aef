package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GROUP BY GROUPING SETS (and ROLLUP and CUBE, which are lists of grouping sets): one {@link
 * HashAggregationOperator} per grouping set, each fed every input page, so the input is computed
 * and read once however many sets there are. After {@link #finish()} the sets' groups come out set
 * by set, each row laid out as the whole GROUP BY: the key columns of every set ({@code
 * groupChannels} order), NULL where a key is not in the row's set, then the aggregates' final
 * values, then one BIGINT column per {@link Grouping} function.
 *
 * <p>A set without keys (the {@code ()} of ROLLUP) yields one row even for empty input, as a global
 * aggregation does. Memory is that of all the sets' hash aggregations together.
 */
public final class GroupingSetsOperator implements Operator {
  /**
   * GROUPING(a, b, ...) or GROUPING_ID(a, b, ...) over key channels: per row, a bit for each
   * argument, the first the most significant, set where the argument is not in the row's set.
   */
  public record Grouping(List<Integer> channels) {
    public Grouping {
      channels = List.copyOf(requireNonNull(channels, "channels is null"));
    }
  }

  private final List<Integer> groupChannels;
  private final List<DataType> groupTypes;
  private final List<List<Integer>> sets;
  private final List<Grouping> groupings;
  private final int aggregateCount;
  private final HashAggregationOperator[] operators;
  private int current;
  private boolean isFinishing;
  private boolean isClosed;

  /**
   * @param groupChannels the input channels of every key, each set's keys a subset of them
   * @param sets the grouping sets, each a list of channels of {@code groupChannels}
   */
  public GroupingSetsOperator(
      OperatorContext context,
      List<Integer> groupChannels,
      List<DataType> groupTypes,
      List<List<Integer>> sets,
      List<AggregateSpec> aggregates,
      List<Grouping> groupings) {
    requireNonNull(context, "context is null");
    this.groupChannels = List.copyOf(requireNonNull(groupChannels, "groupChannels is null"));
    this.groupTypes = List.copyOf(requireNonNull(groupTypes, "groupTypes is null"));
    this.sets = requireNonNull(sets, "sets is null").stream().map(List::copyOf).toList();
    this.groupings = List.copyOf(requireNonNull(groupings, "groupings is null"));
    this.aggregateCount = requireNonNull(aggregates, "aggregates is null").size();
    if (groupChannels.size() != groupTypes.size()) {
      throw new IllegalArgumentException("groupChannels and groupTypes differ in size");
    }
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("no grouping sets");
    }
    List<HashAggregationOperator> created = new ArrayList<>();
    try {
      for (List<Integer> set : this.sets) {
        List<DataType> types = new ArrayList<>();
        for (int channel : set) {
          int key = groupChannels.indexOf(channel);
          if (key < 0) {
            throw new IllegalArgumentException("channel " + channel + " is not a key");
          }
          types.add(groupTypes.get(key));
        }
        created.add(
            new HashAggregationOperator(
                context, set, types, aggregates, HashAggregationOperator.Step.SINGLE));
      }
    } catch (RuntimeException e) {
      created.forEach(HashAggregationOperator::close);
      throw e;
    }
    this.operators = created.toArray(new HashAggregationOperator[0]);
  }

  @Override
  public boolean needsInput() {
    return !isFinishing;
  }

  @Override
  public void addInput(Page page) {
    for (HashAggregationOperator operator : operators) {
      operator.addInput(page);
    }
  }

  @Override
  public @Nullable Page getOutput() {
    if (!isFinishing) {
      return null;
    }
    while (current < operators.length) {
      Page page = operators[current].getOutput();
      if (page != null) {
        return expand(sets.get(current), page);
      }
      if (operators[current].isFinished()) {
        current++;
      } else {
        return null;
      }
    }
    return null;
  }

  /** A set's output page laid out with every key column and the grouping functions. */
  private Page expand(List<Integer> set, Page page) {
    int rows = page.positionCount();
    Block[] blocks = new Block[groupChannels.size() + aggregateCount + groupings.size()];
    for (int key = 0; key < groupChannels.size(); key++) {
      int index = set.indexOf(groupChannels.get(key));
      blocks[key] = index < 0 ? nulls(groupTypes.get(key), rows) : page.block(index);
    }
    for (int i = 0; i < aggregateCount; i++) {
      blocks[groupChannels.size() + i] = page.block(set.size() + i);
    }
    for (int i = 0; i < groupings.size(); i++) {
      long value = 0;
      for (int channel : groupings.get(i).channels()) {
        value = (value << 1) | (set.contains(channel) ? 0 : 1);
      }
      long[] values = new long[rows];
      Arrays.fill(values, value);
      blocks[groupChannels.size() + aggregateCount + i] = new LongBlock(rows, values, null);
    }
    return new Page(rows, blocks);
  }

  private static Block nulls(DataType type, int count) {
    BlockBuilder builder = BlockBuilder.forType(type, count);
    for (int i = 0; i < count; i++) {
      builder.appendNull();
    }
    return builder.build();
  }

  @Override
  public void finish() {
    if (!isFinishing) {
      isFinishing = true;
      for (HashAggregationOperator operator : operators) {
        operator.finish();
      }
    }
  }

  @Override
  public boolean isFinished() {
    return isFinishing && current >= operators.length;
  }

  /** Frees the memory of every set's aggregation. */
  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      for (HashAggregationOperator operator : operators) {
        operator.close();
      }
    }
  }
}
