package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.sort.RowComparator;
import io.aurora.sql.operator.sort.SortBuffer;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Window functions: buffers all input, sorts it by the partition channels and then the ORDER BY
 * keys, and emits every input channel followed by one column per {@link WindowFunctionSpec}, in
 * that sorted order, in pages of {@link PageBuilder#DEFAULT_PAGE_ROWS} rows.
 *
 * <p>Partitions are runs of rows whose partition values are not distinct (nulls form one
 * partition); peers are rows of a partition with equal ORDER BY keys (all rows of the partition
 * when there is no ORDER BY). Aggregates ignore nulls; see {@link WindowFunctionEvaluator} for how
 * frames are computed. Memory: the buffered pages, the row index and the result columns are
 * reserved in the query's memory context.
 */
public final class WindowOperator implements Operator {
  private final OperatorContext context;
  private final List<DataType> inputTypes;
  private final List<DataType> outputTypes;
  private final List<SortKey> partitionKeys;
  private final List<SortKey> orderKeys;
  private final List<WindowFunctionSpec> functions;
  private final SortBuffer buffer;
  private final List<WindowFunctionEvaluator> evaluators = new ArrayList<>();
  private final @Nullable DataType rangeKeyType;
  private boolean isFinishing;
  private int nextRow;
  private boolean isClosed;

  /**
   * @param inputTypes the types of the input channels
   * @param partitionChannels the PARTITION BY channels
   * @param orderKeys the ORDER BY keys within a partition
   * @param functions the functions, whose results follow the input channels in the output
   */
  public WindowOperator(
      OperatorContext context,
      List<DataType> inputTypes,
      List<Integer> partitionChannels,
      List<SortKey> orderKeys,
      List<WindowFunctionSpec> functions) {
    this.context = requireNonNull(context, "context is null");
    this.inputTypes = List.copyOf(requireNonNull(inputTypes, "inputTypes is null"));
    this.orderKeys = List.copyOf(requireNonNull(orderKeys, "orderKeys is null"));
    this.functions = List.copyOf(requireNonNull(functions, "functions is null"));
    List<SortKey> partitions = new ArrayList<>();
    for (int channel : partitionChannels) {
      checkChannel(channel);
      partitions.add(SortKey.ascending(channel));
    }
    this.partitionKeys = List.copyOf(partitions);
    for (SortKey key : this.orderKeys) {
      checkChannel(key.channel());
    }
    List<DataType> output = new ArrayList<>(this.inputTypes);
    DataType keyType = null;
    for (WindowFunctionSpec function : this.functions) {
      if (function.argumentChannel() >= 0) {
        checkChannel(function.argumentChannel());
        if (!inputTypes.get(function.argumentChannel()).equals(function.argumentType())) {
          throw new IllegalArgumentException(
              "Argument type["
                  + function.argumentType()
                  + "] does not match channel["
                  + function.argumentChannel()
                  + "]");
        }
      }
      if (function.defaultChannel() >= 0) {
        checkChannel(function.defaultChannel());
        if (!inputTypes.get(function.defaultChannel()).equals(function.argumentType())) {
          throw new IllegalArgumentException(
              "Default channel[" + function.defaultChannel() + "] does not match the argument");
        }
      }
      if (function.kind().usesFrame() && function.frame().hasRangeOffset()) {
        if (this.orderKeys.size() != 1) {
          throw new IllegalArgumentException(
              "A RANGE frame with offsets needs exactly one ORDER BY key");
        }
        keyType = inputTypes.get(this.orderKeys.get(0).channel());
        RangeKeys.checkKeyType(keyType);
      }
      output.add(function.outputType());
    }
    this.outputTypes = List.copyOf(output);
    this.rangeKeyType = keyType;
    this.buffer = new SortBuffer(this.inputTypes, context.memory());
  }

  private void checkChannel(int channel) {
    if (channel < 0 || channel >= inputTypes.size()) {
      throw new IllegalArgumentException(
          "Channel[" + channel + "] is out of range for " + inputTypes.size());
    }
  }

  /** The output types: the input channels, then one per function. */
  public List<DataType> outputTypes() {
    return outputTypes;
  }

  @Override
  public boolean needsInput() {
    return !isFinishing;
  }

  @Override
  public void addInput(Page page) {
    if (isFinishing) {
      throw new IllegalStateException("Operator is finishing");
    }
    context.checkCancelled();
    buffer.addPage(page);
  }

  @Override
  public void finish() {
    if (isFinishing) {
      return;
    }
    isFinishing = true;
    context.checkCancelled();
    List<SortKey> sortKeys = new ArrayList<>(partitionKeys);
    sortKeys.addAll(orderKeys);
    buffer.sort(sortKeys);
    int rowCount = buffer.rowCount();
    if (rowCount == 0) {
      return;
    }
    RangeKeys keys =
        rangeKeyType == null ? null : RangeKeys.read(buffer, orderKeys.get(0), rangeKeyType);
    for (WindowFunctionSpec function : functions) {
      evaluators.add(new WindowFunctionEvaluator(function, buffer, inputTypes, keys));
    }
    RowComparator partitionComparator = buffer.comparator(partitionKeys);
    RowComparator peerComparator = buffer.comparator(orderKeys);
    buffer.reserve(8L * rowCount);
    int[] peerStarts = new int[rowCount];
    int[] peerEnds = new int[rowCount];
    int start = 0;
    while (start < rowCount) {
      context.checkCancelled();
      int end = start + 1;
      while (end < rowCount
          && partitionComparator.compare(buffer.address(end - 1), buffer.address(end)) == 0) {
        end++;
      }
      int peerStart = start;
      for (int i = start + 1; i <= end; i++) {
        if (i == end || peerComparator.compare(buffer.address(i - 1), buffer.address(i)) != 0) {
          for (int peer = peerStart; peer < i; peer++) {
            peerStarts[peer] = peerStart;
            peerEnds[peer] = i;
          }
          peerStart = i;
        }
      }
      for (WindowFunctionEvaluator evaluator : evaluators) {
        evaluator.evaluatePartition(start, end, peerStarts, peerEnds);
      }
      start = end;
    }
  }

  @Override
  public @Nullable Page getOutput() {
    if (!isFinishing || isFinished()) {
      return null;
    }
    context.checkCancelled();
    int to = Math.min(buffer.rowCount(), nextRow + PageBuilder.DEFAULT_PAGE_ROWS);
    int count = to - nextRow;
    Block[] blocks = new Block[outputTypes.size()];
    for (int channel = 0; channel < inputTypes.size(); channel++) {
      BlockBuilder builder = BlockBuilder.forType(inputTypes.get(channel), count);
      buffer.appendColumn(builder, channel, nextRow, to);
      blocks[channel] = builder.build();
    }
    for (int i = 0; i < evaluators.size(); i++) {
      DataType type = functions.get(i).outputType();
      blocks[inputTypes.size() + i] =
          evaluators.get(i).resultBlock(nextRow, to, BlockBuilder.forType(type, count));
    }
    nextRow = to;
    Page page = new Page(count, blocks);
    if (nextRow == buffer.rowCount()) {
      close();
    }
    return page;
  }

  @Override
  public boolean isFinished() {
    return isFinishing && (isClosed || nextRow >= buffer.rowCount());
  }

  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      evaluators.clear();
      buffer.close();
    }
  }
}
