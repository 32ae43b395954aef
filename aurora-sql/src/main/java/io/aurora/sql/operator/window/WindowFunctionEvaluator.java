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
import org.jspecify.annotations.Nullable;

/**
 * Computes one window function for every row of a sorted {@link SortBuffer}, given the partition
 * and peer-group boundaries, into a result column in sorted-row order.
 *
 * <p>Functions over frames get each row's frame {@code [low, high]} from {@link FrameBounds}.
 * Aggregates choose per row how to cover it: a frame that starts at the partition start reads a
 * running (prefix) value, one that ends at the partition end a suffix value, both O(1) per row; a
 * frame bounded on both sides is aggregated directly, O(width) per row, which is fine for the small
 * offsets queries use; a monotonic deque for MIN/MAX and subtraction of prefix sums would make it
 * O(1). A frame with an exclusion is always aggregated directly, as the frame minus the current row
 * or its peers. Prefix and suffix sums avoid subtraction on purpose: it would turn infinities into
 * NaN and lose the overflow check. A BIGINT sum fails when a running sum overflows. Functions whose
 * result is some row's value (MIN, MAX, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE) record that
 * row's address and copy the value when the result block is built.
 */
final class WindowFunctionEvaluator {
  private static final long MAX_DECIMAL_UNSCALED = 999_999_999_999_999_999L;

  private final WindowFunctionSpec spec;
  private final WindowFunctionKind kind;
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
  private final @Nullable FrameBounds bounds;

  /** For LAG and LEAD with a default: whether the row's result comes from the default channel. */
  private final boolean[] usesDefault;

  /**
   * @param keys the single ORDER BY key of every sorted row, required for a RANGE frame with
   *     offsets
   */
  WindowFunctionEvaluator(
      WindowFunctionSpec spec,
      SortBuffer buffer,
      List<DataType> inputTypes,
      @Nullable RangeKeys keys) {
    this.spec = requireNonNull(spec, "spec is null");
    this.kind = spec.kind();
    this.buffer = buffer;
    this.rowCount = buffer.rowCount();
    DataType argumentType = spec.argumentType();
    boolean isMinMax = kind == WindowFunctionKind.MIN || kind == WindowFunctionKind.MAX;
    boolean isDoubleOutput = !kind.isValue() && spec.outputType().kind() == TypeKind.DOUBLE;
    isFloatingArgument =
        argumentType != null
            && (argumentType.physicalType() == PhysicalType.FLOAT
                || argumentType.physicalType() == PhysicalType.DOUBLE);
    boolean isAggregate = kind.usesFrame() && (isMinMax || !kind.isValue());
    boolean readsArgument = argumentType != null && isAggregate;
    boolean readsValues = readsArgument && !isMinMax && kind != WindowFunctionKind.COUNT;
    boolean hasDefault = spec.defaultChannel() >= 0;
    buffer.reserve(
        (long) rowCount
            * (9
                + (readsArgument ? 1 : 0)
                + (readsValues ? 8 : 0)
                + (kind.usesFrame() ? 8 : 0)
                + (hasDefault ? 1 : 0)));
    longResults = isDoubleOutput ? new long[0] : new long[rowCount];
    doubleResults = isDoubleOutput ? new double[rowCount] : new double[0];
    nulls = new boolean[rowCount];
    argumentNulls = readsArgument ? new boolean[rowCount] : new boolean[0];
    argumentValues = readsValues && !isFloatingArgument ? new long[rowCount] : new long[0];
    argumentDoubles = readsValues && isFloatingArgument ? new double[rowCount] : new double[0];
    usesDefault = hasDefault ? new boolean[rowCount] : new boolean[0];
    if (readsArgument) {
      readArgument(spec.argumentChannel(), readsValues);
    }
    argumentComparator =
        isMinMax
            ? buffer.comparator(List.of(SortKey.ascending(spec.argumentChannel())))
            : new RowComparator(inputTypes, List.of());
    bounds = kind.usesFrame() ? new FrameBounds(spec.frame(), keys, rowCount) : null;
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
    switch (kind) {
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
      case PERCENT_RANK -> {
        int rows = end - start;
        for (int i = start; i < end; i++) {
          doubleResults[i] = rows > 1 ? (double) (peerStarts[i] - start) / (rows - 1) : 0;
        }
      }
      case CUME_DIST -> {
        for (int i = start; i < end; i++) {
          doubleResults[i] = (double) (peerEnds[i] - start) / (end - start);
        }
      }
      case NTILE -> evaluateNtile(start, end);
      case LAG, LEAD -> evaluateShift(start, end);
      case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
        FrameBounds frame = requireNonNull(bounds);
        frame.compute(start, end, peerStarts, peerEnds);
        evaluateValue(start, end, frame, peerStarts, peerEnds);
      }
      case COUNT, SUM, AVG, MIN, MAX -> {
        FrameBounds frame = requireNonNull(bounds);
        frame.compute(start, end, peerStarts, peerEnds);
        evaluateAggregate(start, end, frame, peerStarts, peerEnds);
      }
    }
  }

  /** PostgreSQL's {@code window_ntile}: the first {@code rows % n} buckets get one more row. */
  private void evaluateNtile(int start, int end) {
    long buckets = spec.parameter();
    long total = end - start;
    long boundary = total / buckets;
    long remainder = 0;
    if (boundary <= 0) {
      boundary = 1;
    } else {
      remainder = total % buckets;
      if (remainder != 0) {
        boundary++;
      }
    }
    long bucket = 1;
    long rowsInBucket = 0;
    for (int i = start; i < end; i++) {
      rowsInBucket++;
      if (boundary < rowsInBucket) {
        if (remainder != 0 && bucket == remainder) {
          remainder = 0;
          boundary--;
        }
        bucket++;
        rowsInBucket = 1;
      }
      longResults[i] = bucket;
    }
  }

  private void evaluateShift(int start, int end) {
    long offset = kind == WindowFunctionKind.LAG ? -spec.parameter() : spec.parameter();
    boolean isInside = offset > -rowCount && offset < rowCount;
    for (int i = start; i < end; i++) {
      long row = i + offset;
      if (isInside && row >= start && row < end) {
        longResults[i] = buffer.address((int) row);
      } else if (usesDefault.length > 0) {
        usesDefault[i] = true;
        longResults[i] = buffer.address(i);
      } else {
        setNull(i);
      }
    }
  }

  private void evaluateValue(
      int start, int end, FrameBounds frame, int[] peerStarts, int[] peerEnds) {
    long n = kind == WindowFunctionKind.NTH_VALUE ? spec.parameter() : 1;
    boolean isFromEnd = kind == WindowFunctionKind.LAST_VALUE;
    for (int i = start; i < end; i++) {
      frame.split(i, peerStarts[i], peerEnds[i]);
      int row = isFromEnd ? frame.lastRow(i) : frame.nthRow(i, n);
      if (row < 0) {
        setNull(i);
      } else {
        longResults[i] = buffer.address(row);
      }
    }
  }

  private void evaluateAggregate(
      int start, int end, FrameBounds frame, int[] peerStarts, int[] peerEnds) {
    Frame.BoundType startType = spec.frame().start().type();
    boolean hasExclusion = spec.frame().exclusion() != Frame.Exclusion.NO_OTHERS;
    Aggregation running = new Aggregation();
    boolean needsSuffixes =
        !hasExclusion
            && spec.frame().end().type() == Frame.BoundType.UNBOUNDED_FOLLOWING
            && startType != Frame.BoundType.UNBOUNDED_PRECEDING;
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
      int low = frame.low[i];
      int high = frame.high[i];
      if (hasExclusion) {
        frame.split(i, peerStarts[i], peerEnds[i]);
        direct.reset();
        for (int j = low; j <= frame.beforeHigh; j++) {
          direct.add(j);
        }
        if (frame.keptRow >= 0) {
          direct.add(frame.keptRow);
        }
        for (int j = frame.afterLow; j <= high; j++) {
          direct.add(j);
        }
        emit(i, direct.sum, direct.doubleSum, direct.count, direct.best, direct.rows);
      } else if (low == start) {
        while (runningHigh < high) {
          running.add(++runningHigh);
        }
        emit(
            i,
            running.sum,
            running.doubleSum,
            running.count,
            running.best,
            Math.max(0, high - low + 1));
      } else if (high == end - 1 && suffixSums != null && low <= high) {
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
        emit(i, direct.sum, direct.doubleSum, direct.count, direct.best, direct.rows);
      }
    }
  }

  private void emit(int row, long sum, double doubleSum, int count, long best, int rows) {
    switch (kind) {
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
      case ROW_NUMBER,
          RANK,
          DENSE_RANK,
          PERCENT_RANK,
          CUME_DIST,
          NTILE,
          LAG,
          LEAD,
          FIRST_VALUE,
          LAST_VALUE,
          NTH_VALUE ->
          throw new IllegalStateException();
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
  Block resultBlock(int from, int to, BlockBuilder valueBuilder) {
    int count = to - from;
    boolean[] blockNulls = hasNull ? Arrays.copyOfRange(nulls, from, to) : null;
    if (kind.isValue()) {
      for (int i = from; i < to; i++) {
        if (nulls[i]) {
          valueBuilder.appendNull();
        } else {
          long address = longResults[i];
          int channel =
              usesDefault.length > 0 && usesDefault[i]
                  ? spec.defaultChannel()
                  : spec.argumentChannel();
          valueBuilder.appendFrom(
              buffer.page(address).block(channel), RowAddresses.position(address));
        }
      }
      return valueBuilder.build();
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

    /** The rows added, nulls included. */
    int rows;

    void reset() {
      rows = 0;
      sum = 0;
      doubleSum = 0;
      count = 0;
      best = 0;
    }

    void add(int row) {
      rows++;
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
        case ROW_NUMBER,
            RANK,
            DENSE_RANK,
            PERCENT_RANK,
            CUME_DIST,
            NTILE,
            LAG,
            LEAD,
            FIRST_VALUE,
            LAST_VALUE,
            NTH_VALUE ->
            throw new IllegalStateException();
      }
      count++;
    }
  }
}
