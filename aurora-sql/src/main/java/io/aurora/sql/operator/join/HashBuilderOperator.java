package io.aurora.sql.operator.join;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The build side of a hash join: collects the key and output channels of every build page (only the
 * selected rows of a page with a selection), and on {@link #finish()} indexes them into a {@link
 * JoinHashTable} that it publishes to a {@link JoinBridge}. It produces no pages.
 *
 * <p>Rows with a null key can never match; for INNER, LEFT, SEMI and ANTI joins they are dropped on
 * input, for RIGHT and FULL joins they are kept for the unmatched-rows output.
 *
 * <p>Memory is reserved in the query's context as the columns grow (after each page, so the
 * overshoot is at most one page's growth) and for the index before it is allocated. Once published,
 * the reservation belongs to the table; if the operator closes before publishing, it frees what it
 * reserved.
 */
public final class HashBuilderOperator implements Operator {
  private final OperatorContext context;
  private final JoinBridge bridge;
  private final int[] keyChannels;
  private final int[] retainedChannels;
  private final int[] columnByChannel;
  private final int[] keyColumns;
  private final boolean isNullKeyRowRetained;
  private JoinColumnAccumulator[] accumulators;
  private int[] positionScratch = new int[0];
  private boolean[] nullScratch = new boolean[0];
  private int rowCount;
  private long reservedBytes;
  private boolean isFinished;

  /**
   * @param joinType the join this table serves; RIGHT and FULL keep rows with null keys
   * @param buildTypes the types of every channel of the build input pages
   * @param keyChannels the build channels of the equality keys; empty for a cross join
   * @param outputChannels the build channels the probe side will output or filter on
   */
  public HashBuilderOperator(
      OperatorContext context,
      JoinBridge bridge,
      JoinType joinType,
      List<DataType> buildTypes,
      List<Integer> keyChannels,
      List<Integer> outputChannels) {
    this.context = requireNonNull(context, "context is null");
    this.bridge = requireNonNull(bridge, "bridge is null");
    requireNonNull(joinType, "joinType is null");
    List<DataType> types = List.copyOf(requireNonNull(buildTypes, "buildTypes is null"));
    this.keyChannels = toChannels(keyChannels, types.size(), "keyChannels");
    int[] outputs = toChannels(outputChannels, types.size(), "outputChannels");
    this.isNullKeyRowRetained = joinType == JoinType.RIGHT || joinType == JoinType.FULL;

    columnByChannel = new int[types.size()];
    Arrays.fill(columnByChannel, -1);
    int[] retained = new int[this.keyChannels.length + outputs.length];
    int retainedCount = 0;
    for (int channel : this.keyChannels) {
      retainedCount = retain(channel, retained, retainedCount);
    }
    for (int channel : outputs) {
      retainedCount = retain(channel, retained, retainedCount);
    }
    this.retainedChannels = Arrays.copyOf(retained, retainedCount);
    this.keyColumns = new int[this.keyChannels.length];
    for (int i = 0; i < keyColumns.length; i++) {
      keyColumns[i] = columnByChannel[this.keyChannels[i]];
    }
    accumulators = new JoinColumnAccumulator[retainedCount];
    for (int i = 0; i < retainedCount; i++) {
      accumulators[i] = JoinColumnAccumulator.forType(types.get(retainedChannels[i]));
    }
  }

  private int retain(int channel, int[] retained, int retainedCount) {
    if (columnByChannel[channel] >= 0) {
      return retainedCount;
    }
    columnByChannel[channel] = retainedCount;
    retained[retainedCount] = channel;
    return retainedCount + 1;
  }

  static int[] toChannels(List<Integer> channels, int channelCount, String name) {
    requireNonNull(channels, name + " is null");
    int[] result = new int[channels.size()];
    for (int i = 0; i < result.length; i++) {
      int channel = channels.get(i);
      if (channel < 0 || channel >= channelCount) {
        throw new IllegalArgumentException(
            name + " holds channel[" + channel + "] outside [0, " + channelCount + ")");
      }
      result[i] = channel;
    }
    return result;
  }

  @Override
  public boolean needsInput() {
    return !isFinished;
  }

  @Override
  public void addInput(Page page) {
    requireNonNull(page, "page is null");
    if (isFinished) {
      throw new IllegalStateException("The hash builder has finished");
    }
    context.checkCancelled();
    int rows = page.rowCount();
    if (rows == 0) {
      return;
    }
    int[] positions = page.selection();
    if (!isNullKeyRowRetained && mayHaveNullKey(page)) {
      rows = collectNonNullKeyPositions(page, positions, rows);
      positions = positionScratch;
    }
    if (rows == 0) {
      return;
    }
    for (int i = 0; i < accumulators.length; i++) {
      accumulators[i].append(page.block(retainedChannels[i]), positions, rows);
    }
    rowCount += rows;
    reserveGrowth();
  }

  private boolean mayHaveNullKey(Page page) {
    for (int channel : keyChannels) {
      if (page.block(channel).mayHaveNull()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the positions of the page's rows without a null key to {@link #positionScratch}.
   *
   * @return how many there are
   */
  private int collectNonNullKeyPositions(Page page, int @Nullable [] selection, int rows) {
    if (nullScratch.length < rows) {
      nullScratch = new boolean[rows];
      positionScratch = new int[rows];
    }
    Arrays.fill(nullScratch, 0, rows, false);
    for (int channel : keyChannels) {
      JoinHashing.markNulls(page.block(channel), selection, rows, nullScratch);
    }
    int count = 0;
    for (int row = 0; row < rows; row++) {
      positionScratch[count] = selection == null ? row : selection[row];
      count += nullScratch[row] ? 0 : 1;
    }
    return count;
  }

  private void reserveGrowth() {
    long retained = 0;
    for (JoinColumnAccumulator accumulator : accumulators) {
      retained += accumulator.retainedBytes();
    }
    if (retained > reservedBytes) {
      context.memory().reserve(retained - reservedBytes);
      reservedBytes = retained;
    }
  }

  @Override
  public @Nullable Page getOutput() {
    return null;
  }

  @Override
  public void finish() {
    if (isFinished) {
      return;
    }
    context.checkCancelled();
    Block[] columns = new Block[accumulators.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = accumulators[i].build();
    }
    accumulators = new JoinColumnAccumulator[0];
    JoinHashTable table =
        JoinHashTable.build(
            context.memory(), reservedBytes, columns, columnByChannel, keyColumns, rowCount);
    reservedBytes = 0;
    bridge.publish(table);
    isFinished = true;
  }

  @Override
  public boolean isFinished() {
    return isFinished;
  }

  @Override
  public void close() {
    context.memory().free(reservedBytes);
    reservedBytes = 0;
    accumulators = new JoinColumnAccumulator[0];
  }
}
