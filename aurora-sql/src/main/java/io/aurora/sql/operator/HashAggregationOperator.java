package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.aggregation.Accumulator;
import io.aurora.sql.operator.aggregation.Accumulators;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GROUP BY (and DISTINCT) by hashing: group keys go through a {@link GroupByHash}, aggregates into
 * column-oriented {@link Accumulator}s indexed by group id. All input is consumed before any
 * output: after {@link #finish()} the groups come out in order of first appearance, in pages of up
 * to {@link PageBuilder#DEFAULT_PAGE_ROWS} rows, each page holding the group key columns (in {@code
 * groupChannels} order) and then the aggregates' columns.
 *
 * <p>The {@link Step} says what goes in and what comes out:
 *
 * <ul>
 *   <li>{@code SINGLE}: raw rows in, final values out.
 *   <li>{@code PARTIAL}: raw rows in, intermediate state out: the key columns, then each
 *       aggregate's state columns in aggregate order.
 *   <li>{@code FINAL}: intermediate state in, laid out as {@code PARTIAL} emits it ({@code
 *       groupChannels} name the key columns, normally {@code 0 .. k - 1}; the state columns start
 *       at channel {@code k = groupChannels.size()}), final values out.
 * </ul>
 *
 * The intermediate state of each aggregate kind:
 *
 * <table>
 *   <caption>Intermediate columns</caption>
 *   <tr><th>Aggregate</th><th>State columns</th></tr>
 *   <tr><td>COUNT(*), COUNT(x)</td><td>BIGINT count</td></tr>
 *   <tr><td>SUM(x)</td><td>the result type (BIGINT, DECIMAL(18, s) or DOUBLE), null if no
 *       value</td></tr>
 *   <tr><td>AVG(x)</td><td>DOUBLE sum, BIGINT count</td></tr>
 *   <tr><td>VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP</td><td>BIGINT count, DOUBLE mean, DOUBLE
 *       sum of squared differences from the mean</td></tr>
 *   <tr><td>MIN, MAX, ANY_VALUE</td><td>the input type, null if no value</td></tr>
 *   <tr><td>BOOL_AND, BOOL_OR</td><td>BOOLEAN, null if no value</td></tr>
 *   <tr><td>APPROX_COUNT_DISTINCT</td><td>VARCHAR: UltraLogLog state bytes (opaque)</td></tr>
 *   <tr><td>APPROX_PERCENTILE</td><td>VARCHAR: serialized t-digest (opaque)</td></tr>
 *   <tr><td>PERCENTILE_CONT, PERCENTILE_DISC, MODE, STRING_AGG, any DISTINCT
 *       aggregate</td><td>none: not splittable; PARTIAL and
 *       FINAL reject them with an IllegalArgumentException and the planner uses SINGLE</td></tr>
 * </table>
 *
 * <p>Without group channels (a global aggregation) the operator emits exactly one row, even for
 * empty input: COUNT is 0 and the other aggregates NULL. With group channels, empty input gives no
 * rows. With no aggregates the operator computes DISTINCT over the group channels (see {@link
 * #distinct}).
 *
 * <p>Memory for the hash and the accumulators is reserved from the query's {@link MemoryContext} as
 * they grow (OUT_OF_MEMORY propagates from {@link #addInput}) and freed by {@link #close()}.
 */
public final class HashAggregationOperator implements Operator {
  /** Which part of a possibly split aggregation this operator computes. */
  public enum Step {
    SINGLE,
    PARTIAL,
    FINAL
  }

  /** Creates operators for one plan node, one per driver. */
  public record Factory(
      List<Integer> groupChannels,
      List<DataType> groupTypes,
      List<AggregateSpec> aggregates,
      Step step) {
    public Factory {
      groupChannels = List.copyOf(requireNonNull(groupChannels, "groupChannels is null"));
      groupTypes = List.copyOf(requireNonNull(groupTypes, "groupTypes is null"));
      aggregates = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
      requireNonNull(step, "step is null");
    }

    public HashAggregationOperator createOperator(OperatorContext context) {
      return new HashAggregationOperator(context, groupChannels, groupTypes, aggregates, step);
    }
  }

  private final OperatorContext context;
  private final Step step;
  private final int groupKeyCount;
  private final @Nullable GroupByHash groupByHash;
  private final Accumulator[] accumulators;
  private final int[] intermediateChannels;
  private int[] globalGroupIds = new int[0];

  private boolean isFinishing;
  private boolean isClosed;
  private int nextOutputGroup;

  public HashAggregationOperator(
      OperatorContext context,
      List<Integer> groupChannels,
      List<DataType> groupTypes,
      List<AggregateSpec> aggregates,
      Step step) {
    this.context = requireNonNull(context, "context is null");
    this.step = requireNonNull(step, "step is null");
    requireNonNull(groupChannels, "groupChannels is null");
    requireNonNull(groupTypes, "groupTypes is null");
    requireNonNull(aggregates, "aggregates is null");
    if (groupChannels.size() != groupTypes.size()) {
      throw new IllegalArgumentException(
          "groupChannels and groupTypes differ in size: "
              + groupChannels.size()
              + " and "
              + groupTypes.size());
    }
    if (step != Step.SINGLE) {
      for (AggregateSpec aggregate : aggregates) {
        if (!Accumulators.isSplittable(aggregate)) {
          throw new IllegalArgumentException(
              "aggregate "
                  + aggregate.kind()
                  + (aggregate.isDistinct() ? " DISTINCT" : "")
                  + " is not splittable; use Step.SINGLE");
        }
      }
    }
    this.groupKeyCount = groupChannels.size();
    MemoryContext memory = context.memory();
    List<Accumulator> created = new ArrayList<>();
    GroupByHash hash = null;
    try {
      if (!groupChannels.isEmpty()) {
        int[] channels = groupChannels.stream().mapToInt(Integer::intValue).toArray();
        hash = GroupByHash.create(groupTypes, channels, memory);
      }
      intermediateChannels = new int[aggregates.size()];
      int channel = groupKeyCount;
      for (int i = 0; i < aggregates.size(); i++) {
        Accumulator accumulator = Accumulators.create(aggregates.get(i), memory);
        created.add(accumulator);
        intermediateChannels[i] = channel;
        if (step == Step.FINAL) {
          channel += accumulator.intermediateTypes().size();
        }
        if (hash == null) {
          accumulator.ensureCapacity(1);
        }
      }
    } catch (RuntimeException e) {
      created.forEach(Accumulator::close);
      if (hash != null) {
        hash.close();
      }
      throw e;
    }
    this.groupByHash = hash;
    this.accumulators = created.toArray(new Accumulator[0]);
  }

  /**
   * An operator computing SELECT DISTINCT over the given channels: a grouping without aggregates.
   */
  public static HashAggregationOperator distinct(
      OperatorContext context, List<Integer> channels, List<DataType> types) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("DISTINCT needs at least one channel");
    }
    return new HashAggregationOperator(context, channels, types, List.of(), Step.SINGLE);
  }

  @Override
  public boolean needsInput() {
    return !isFinishing;
  }

  @Override
  public void addInput(Page page) {
    requireNonNull(page, "page is null");
    if (isFinishing) {
      throw new IllegalStateException("addInput after finish");
    }
    context.checkCancelled();
    int rows = page.rowCount();
    if (rows == 0) {
      return;
    }
    int[] groupIds;
    int groupCount;
    if (groupByHash == null) {
      if (globalGroupIds.length < rows) {
        globalGroupIds = new int[rows];
      }
      groupIds = globalGroupIds;
      groupCount = 1;
    } else {
      groupIds = groupByHash.groupIds(page);
      groupCount = groupByHash.groupCount();
    }
    for (int i = 0; i < accumulators.length; i++) {
      Accumulator accumulator = accumulators[i];
      accumulator.ensureCapacity(groupCount);
      if (step == Step.FINAL) {
        accumulator.addIntermediate(groupIds, page, intermediateChannels[i]);
      } else if (groupByHash == null) {
        accumulator.addGlobalInput(groupIds, page);
      } else {
        accumulator.addInput(groupIds, page);
      }
    }
  }

  @Override
  public @Nullable Page getOutput() {
    if (!isFinishing || isFinished()) {
      return null;
    }
    int from = nextOutputGroup;
    int to = Math.min(groupCount(), from + PageBuilder.DEFAULT_PAGE_ROWS);
    int columns = groupKeyCount;
    for (Accumulator accumulator : accumulators) {
      columns += step == Step.PARTIAL ? accumulator.intermediateTypes().size() : 1;
    }
    Block[] blocks = new Block[columns];
    int channel = 0;
    if (groupByHash != null) {
      Block[] keys = groupByHash.keyBlocks(from, to);
      System.arraycopy(keys, 0, blocks, 0, keys.length);
      channel = keys.length;
    }
    for (Accumulator accumulator : accumulators) {
      if (step == Step.PARTIAL) {
        accumulator.buildIntermediate(from, to, blocks, channel);
        channel += accumulator.intermediateTypes().size();
      } else {
        blocks[channel++] = accumulator.buildFinal(from, to);
      }
    }
    nextOutputGroup = to;
    return new Page(to - from, blocks);
  }

  private int groupCount() {
    return groupByHash == null ? 1 : groupByHash.groupCount();
  }

  @Override
  public void finish() {
    isFinishing = true;
  }

  @Override
  public boolean isFinished() {
    return isFinishing && nextOutputGroup >= groupCount();
  }

  /** Frees the memory of the hash and the accumulators. */
  @Override
  public void close() {
    if (isClosed) {
      return;
    }
    isClosed = true;
    for (Accumulator accumulator : accumulators) {
      accumulator.close();
    }
    if (groupByHash != null) {
      groupByHash.close();
    }
  }
}
