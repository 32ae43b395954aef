package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.sort.RowAddresses;
import io.aurora.sql.operator.sort.RowComparator;
import io.aurora.sql.operator.sort.SortBuffer;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import io.aurora.storage.type.TypeKind;
import java.util.Arrays;
import java.util.List;

/**
 * Computes one window function for every row of a sorted {@link SortBuffer}, given the partition
 * and peer-group boundaries, into a result column in sorted-row order.
 *
 * <p>Aggregates choose per row how to cover its frame {@code [low, high]}: a frame that starts at
 * the partition start reads a running (prefix) value, one that ends at the partition end a suffix
 * value, both O(1) per row; a frame bounded on both sides ({@code n PRECEDING} / {@code CURRENT
 * ROW} to {@code CURRENT ROW} / {@code n FOLLOWING}) is aggregated directly, O(width) per row,
 * which is fine for the small offsets queries use; a monotonic deque for MIN/MAX and subtraction of
 * prefix sums would make it O(1). Prefix and suffix sums avoid subtraction on purpose: it would
 * turn infinities into NaN and lose the overflow check. A BIGINT sum fails when a running sum
 * overflows.
 */
final class WindowFunctionEvaluator {
  private static final long MAX_DECIMAL_UNSCALED = 999_999_999_999_999_999L;

  private final WindowFunctionSpec spec;
  private final SortBuffer buffer;
  private final int rowCount;
  private final long[] longResults;
  private final double[] doubleResults;
  private final boolean[] nulls;
  private boolean hasNull;
  private final long[] argumentValues;
  private final double[] argumentDoubles;
  private final boolean[] argumentNulls;
  private final boolean isFloatingArgument;
  private final RowComparator argumentComparator;

  WindowFunctionEvaluator(WindowFunctionSpec spec, SortBuffer buffer, List<DataType> inputTypes) {
    this.spec = requireNonNull(spec, "spec is null");
    this.buffer = buffer;
    this.rowCount = buffer.rowCount();
    DataType argumentType = spec.argumentType();
    boolean isMinMax =
        spec.kind() == WindowFunctionKind.MIN || spec.kind() == WindowFunctionKind.MAX;
    boolean isDoubleOutput = !isMinMax && spec.outputType().kind() == TypeKind.DOUBLE;
    isFloatingArgument =
        argumentType != null
            && (argumentType.physicalType() == PhysicalType.FLOAT
                || argumentType.physicalType() == PhysicalType.DOUBLE);
    boolean readsValues =
        argumentType != null && !isMinMax && spec.kind() != WindowFunctionKind.COUNT;
    buffer.reserve((long) rowCount * (9 + (argumentType != null ? 1 : 0) + (readsValues ? 8 : 0)));
    longResults = isDoubleOutput ? new long[0] : new long[rowCount];
    doubleResults = isDoubleOutput ? new double[rowCount] : new double[0];
    nulls = new boolean[rowCount];
    argumentNulls = argumentType == null ? new boolean[0] : new boolean[rowCount];
    argumentValues = readsValues && !isFloatingArgument ? new long[rowCount] : new long[0];
    argumentDoubles = readsValues && isFloatingArgument ? new double[rowCount] : new double[0];
    if (argumentType != null) {
      readArgument(spec.argumentChannel(), readsValues);
    }
    argumentComparator =
        isMinMax
            ? buffer.comparator(List.of(SortKey.ascending(spec.argumentChannel())))
            : new RowComparator(inputTypes, List.of());
  }

  private void readArgument(int channel, boolean readsValues) {
    int cachedPage = -1;
    Block block = null;
    for (int i = 0; i < rowCount; i++) {
      long address = buffer.address(i);
      int pageIndex = RowAddresses.pageIndex(address);
      if (pageIndex != cachedPage) {
        cachedPage = pageIndex;
        block = buffer.pages().get(pageIndex).block(channel);
      }
      int position = RowAddresses.position(address);
      Block current = requireNonNull(block);
      if (current.isNull(position)) {
        argumentNulls[i] = true;
      } else if (readsValues) {
        if (current instanceof LongBlock longs) {
          argumentValues[i] = longs.value(position);
        } else if (current instanceof IntBlock ints) {
          argumentValues[i] = ints.value(position);
        } else if (current instanceof DoubleBlock doubles) {
          argumentDoubles[i] = doubles.value(position);
        } else {
          argumentDoubles[i] = ((FloatBlock) current).value(position);
        }
      }
    }
  }

  /**
   * Computes the function over one partition {@code [start, end)} of sorted rows; {@code
   * peerStarts} and {@code peerEnds} give each row's peer group {@code [peerStart, peerEnd)}.
   */
  void evaluatePartition(int start, int end, int[] peerStarts, int[] peerEnds) {
    switch (spec.kind()) {
      case ROW_NUMBER -> {
        for (int i = start; i < end; i++) {
          longResults[i] = i - start + 1;
        }
      }
      case RANK -> {
        for (int i = start; i < end; i++) {
          longResults[i] = peerStarts[i] - start + 1;
        }
      }
      case DENSE_RANK -> {
        long rank = 0;
        for (int i = start; i < end; i++) {
          if (peerStarts[i] == i) {
            rank++;
          }
          longResults[i] = rank;
        }
      }
      case COUNT, SUM, AVG, MIN, MAX -> evaluateAggregate(start, end, peerStarts, peerEnds);
    }
  }

  private void evaluateAggregate(int start, int end, int[] peerStarts, int[] peerEnds) {
    Frame frame = spec.frame();
    boolean isRange = frame.unit() == Frame.Unit.RANGE;
    Aggregation running = new Aggregation();
    boolean needsSuffixes =
        frame.end().type() == Frame.BoundType.UNBOUNDED_FOLLOWING
            && frame.start().type() != Frame.BoundType.UNBOUNDED_PRECEDING;
    long[] suffixSums = null;
    double[] suffixDoubles = null;
    int[] suffixCounts = null;
    long[] suffixBest = null;
    if (needsSuffixes) {
      int size = end - start;
      suffixSums = new long[size];
      suffixDoubles = new double[size];
      suffixCounts = new int[size];
      suffixBest = new long[size];
      Aggregation suffix = new Aggregation();
      for (int i = end - 1; i >= start; i--) {
        suffix.add(i);
        suffixSums[i - start] = suffix.sum;
        suffixDoubles[i - start] = suffix.doubleSum;
        suffixCounts[i - start] = suffix.count;
        suffixBest[i - start] = suffix.best;
      }
    }
    int runningHigh = start - 1;
    Aggregation direct = new Aggregation();
    for (int i = start; i < end; i++) {
      int low =
          switch (frame.start().type()) {
            case UNBOUNDED_PRECEDING -> start;
            case PRECEDING -> (int) Math.max(start, i - frame.start().offset());
            case CURRENT_ROW -> isRange ? peerStarts[i] : i;
            case FOLLOWING, UNBOUNDED_FOLLOWING -> throw new IllegalStateException();
          };
      int high =
          switch (frame.end().type()) {
            case CURRENT_ROW -> isRange ? peerEnds[i] - 1 : i;
            case FOLLOWING -> (int) Math.min(end - 1L, i + frame.end().offset());
            case UNBOUNDED_FOLLOWING -> end - 1;
            case UNBOUNDED_PRECEDING, PRECEDING -> throw new IllegalStateException();
          };
      if (low == start) {
        while (runningHigh < high) {
          running.add(++runningHigh);
        }
        emit(i, running.sum, running.doubleSum, running.count, running.best, high - low + 1);
      } else if (high == end - 1 && suffixSums != null) {
        int at = low - start;
        emit(
            i,
            suffixSums[at],
            requireNonNull(suffixDoubles)[at],
            requireNonNull(suffixCounts)[at],
            requireNonNull(suffixBest)[at],
            high - low + 1);
      } else {
        direct.reset();
        for (int j = low; j <= high; j++) {
          direct.add(j);
        }
        emit(i, direct.sum, direct.doubleSum, direct.count, direct.best, high - low + 1);
      }
    }
  }

  private void emit(int row, long sum, double doubleSum, int count, long best, int rows) {
    switch (spec.kind()) {
      case COUNT -> longResults[row] = spec.argumentChannel() < 0 ? rows : count;
      case SUM -> {
        if (count == 0) {
          setNull(row);
        } else if (isFloatingArgument) {
          doubleResults[row] = doubleSum;
        } else {
          if (spec.outputType().kind() == TypeKind.DECIMAL
              && (sum > MAX_DECIMAL_UNSCALED || sum < -MAX_DECIMAL_UNSCALED)) {
            throw overflow();
          }
          longResults[row] = sum;
        }
      }
      case AVG -> {
        if (count == 0) {
          setNull(row);
        } else if (isFloatingArgument) {
          doubleResults[row] = doubleSum / count;
        } else {
          DataType argumentType = requireNonNull(spec.argumentType());
          double average = (double) sum / count;
          doubleResults[row] =
              argumentType.kind() == TypeKind.DECIMAL
                  ? average / Math.pow(10, argumentType.scale())
                  : average;
        }
      }
      case MIN, MAX -> {
        if (count == 0) {
          setNull(row);
        } else {
          longResults[row] = best;
        }
      }
      case ROW_NUMBER, RANK, DENSE_RANK -> throw new IllegalStateException();
    }
  }

  private void setNull(int row) {
    nulls[row] = true;
    hasNull = true;
  }

  private AuroraException overflow() {
    return new AuroraException(
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        "Window function[" + spec.kind() + "] result is out of range for " + spec.outputType());
  }

  /** The result block for sorted rows {@code [from, to)}. */
  Block resultBlock(int from, int to, BlockBuilder minMaxBuilder) {
    int count = to - from;
    boolean[] blockNulls = hasNull ? Arrays.copyOfRange(nulls, from, to) : null;
    if (spec.kind() == WindowFunctionKind.MIN || spec.kind() == WindowFunctionKind.MAX) {
      int channel = spec.argumentChannel();
      for (int i = from; i < to; i++) {
        if (nulls[i]) {
          minMaxBuilder.appendNull();
        } else {
          long address = longResults[i];
          minMaxBuilder.appendFrom(
              buffer.page(address).block(channel), RowAddresses.position(address));
        }
      }
      return minMaxBuilder.build();
    }
    if (spec.outputType().kind() == TypeKind.DOUBLE) {
      return new DoubleBlock(count, Arrays.copyOfRange(doubleResults, from, to), blockNulls);
    }
    return new LongBlock(count, Arrays.copyOfRange(longResults, from, to), blockNulls);
  }

  /** The running state of one aggregate over a set of sorted rows. */
  private final class Aggregation {
    long sum;
    double doubleSum;
    int count;

    /** For MIN and MAX, the row address of the best value so far. */
    long best;

    void reset() {
      sum = 0;
      doubleSum = 0;
      count = 0;
      best = 0;
    }

    void add(int row) {
      if (argumentNulls.length == 0 || argumentNulls[row]) {
        return;
      }
      switch (spec.kind()) {
        case COUNT -> {}
        case SUM, AVG -> {
          if (isFloatingArgument) {
            doubleSum += argumentDoubles[row];
          } else {
            try {
              sum = Math.addExact(sum, argumentValues[row]);
            } catch (ArithmeticException e) {
              throw overflow();
            }
          }
        }
        case MIN -> {
          long address = buffer.address(row);
          if (count == 0 || argumentComparator.compare(address, best) < 0) {
            best = address;
          }
        }
        case MAX -> {
          long address = buffer.address(row);
          if (count == 0 || argumentComparator.compare(address, best) > 0) {
            best = address;
          }
        }
        case ROW_NUMBER, RANK, DENSE_RANK -> throw new IllegalStateException();
      }
      count++;
    }
  }
}
