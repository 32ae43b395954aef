package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.window.Frame.Bound;
import io.aurora.sql.operator.window.Frame.BoundType;
import org.jspecify.annotations.Nullable;

/**
 * Computes, for every row of a partition of sorted rows, the first and last row of its frame
 * ({@link #low} and {@link #high}, inclusive; {@code high < low} for an empty frame), before the
 * frame's exclusion. Both ends move forward as the current row does, so RANGE offsets are found
 * with two pointers that only advance, as PostgreSQL's {@code update_frameheadpos} and {@code
 * update_frametailpos} do, with the same treatment of null keys: a row with a null key has the null
 * rows as its frame on an offset side, and rows with null keys are outside the offset side of every
 * other row. GROUPS offsets count peer groups, found from each row's group number and the groups'
 * first rows. The arrays are reused from partition to partition.
 */
final class FrameBounds {
  private final Frame frame;
  private final @Nullable RangeKeys keys;
  final int[] low;
  final int[] high;

  /** For a GROUPS frame: each row's peer group number in its partition. */
  private final int @Nullable [] groupOf;

  /** For a GROUPS frame: the first row of each peer group, then the partition's end. */
  private final int @Nullable [] groupStarts;

  /** The last row before the excluded ones of the row {@link #split} last split. */
  int beforeHigh;

  /** The current row if EXCLUDE TIES keeps it in the frame {@link #split} last split, else -1. */
  int keptRow;

  /** The first row after the excluded ones of the row {@link #split} last split. */
  int afterLow;

  /**
   * @param keys the ORDER BY key of every sorted row, required when the frame has RANGE offsets
   */
  FrameBounds(Frame frame, @Nullable RangeKeys keys, int rowCount) {
    this.frame = requireNonNull(frame, "frame is null");
    if (frame.hasRangeOffset() && keys == null) {
      throw new IllegalArgumentException("A RANGE frame with offsets needs the ORDER BY keys");
    }
    this.keys = keys;
    low = new int[rowCount];
    high = new int[rowCount];
    boolean isGroups = frame.unit() == Frame.Unit.GROUPS;
    groupOf = isGroups ? new int[rowCount] : null;
    groupStarts = isGroups ? new int[rowCount + 1] : null;
  }

  /** Fills {@link #low} and {@link #high} for the rows {@code [start, end)} of one partition. */
  void compute(int start, int end, int[] peerStarts, int[] peerEnds) {
    if (frame.unit() == Frame.Unit.GROUPS) {
      computeGroups(start, end, peerStarts, peerEnds);
      return;
    }
    boolean isRange = frame.unit() == Frame.Unit.RANGE;
    Bound startBound = frame.start();
    Bound endBound = frame.end();
    int head = start;
    int tail = start;
    for (int i = start; i < end; i++) {
      low[i] =
          switch (startBound.type()) {
            case UNBOUNDED_PRECEDING -> start;
            case CURRENT_ROW -> isRange ? peerStarts[i] : i;
            case PRECEDING, FOLLOWING -> {
              if (isRange) {
                while (head < end && !isHead(head, i, startBound)) {
                  head++;
                }
                yield head;
              }
              yield Math.max(start, rowOffset(i, startBound, start, end));
            }
            case UNBOUNDED_FOLLOWING -> throw new IllegalStateException();
          };
      high[i] =
          switch (endBound.type()) {
            case UNBOUNDED_FOLLOWING -> end - 1;
            case CURRENT_ROW -> isRange ? peerEnds[i] - 1 : i;
            case PRECEDING, FOLLOWING -> {
              if (isRange) {
                while (tail < end && isBeforeTail(tail, i, endBound)) {
                  tail++;
                }
                yield tail - 1;
              }
              yield Math.min(end - 1, rowOffset(i, endBound, start, end));
            }
            case UNBOUNDED_PRECEDING -> throw new IllegalStateException();
          };
    }
  }

  private void computeGroups(int start, int end, int[] peerStarts, int[] peerEnds) {
    int[] groups = requireNonNull(groupOf);
    int[] firstRows = requireNonNull(groupStarts);
    int count = 0;
    for (int i = start; i < end; i++) {
      if (peerStarts[i] == i) {
        firstRows[count++] = i;
      }
      groups[i] = count - 1;
    }
    firstRows[count] = end;
    Bound startBound = frame.start();
    Bound endBound = frame.end();
    for (int i = start; i < end; i++) {
      long group = groups[i];
      low[i] =
          switch (startBound.type()) {
            case UNBOUNDED_PRECEDING -> start;
            case CURRENT_ROW -> peerStarts[i];
            case PRECEDING -> {
              long first = group - startBound.offset();
              yield first < 0 ? start : firstRows[(int) first];
            }
            case FOLLOWING -> {
              long first = groupAfter(group, startBound.offset(), count);
              yield first >= count ? end : firstRows[(int) first];
            }
            case UNBOUNDED_FOLLOWING -> throw new IllegalStateException();
          };
      high[i] =
          switch (endBound.type()) {
            case UNBOUNDED_FOLLOWING -> end - 1;
            case CURRENT_ROW -> peerEnds[i] - 1;
            case PRECEDING -> {
              long last = group - endBound.offset();
              yield last < 0 ? start - 1 : firstRows[(int) last + 1] - 1;
            }
            case FOLLOWING -> {
              long last = groupAfter(group, endBound.offset(), count);
              yield last >= count ? end - 1 : firstRows[(int) last + 1] - 1;
            }
            case UNBOUNDED_PRECEDING -> throw new IllegalStateException();
          };
    }
  }

  /** Group {@code group} moved {@code offset} groups on, at most {@code count} (no overflow). */
  private static long groupAfter(long group, long offset, int count) {
    return offset >= count - group ? count : group + offset;
  }

  /**
   * Splits row {@code i}'s frame {@code [low, high]} by the frame's exclusion into the rows before
   * the excluded ones, {@code [low, beforeHigh]}, the current row if EXCLUDE TIES keeps it ({@code
   * keptRow}, else -1), and the rows after, {@code [afterLow, high]}; without an exclusion the
   * first part is the whole frame.
   */
  void split(int i, int peerStart, int peerEnd) {
    Frame.Exclusion exclusion = frame.exclusion();
    int excludedLow =
        switch (exclusion) {
          case NO_OTHERS -> high[i] + 1;
          case CURRENT_ROW -> i;
          case GROUP, TIES -> peerStart;
        };
    int excludedHigh =
        switch (exclusion) {
          case NO_OTHERS -> high[i];
          case CURRENT_ROW -> i;
          case GROUP, TIES -> peerEnd - 1;
        };
    beforeHigh = Math.min(high[i], excludedLow - 1);
    keptRow = exclusion == Frame.Exclusion.TIES && i >= low[i] && i <= high[i] ? i : -1;
    afterLow = Math.max(low[i], excludedHigh + 1);
  }

  /** The n-th row of row {@code i}'s frame as {@link #split} split it, or -1. */
  int nthRow(int i, long n) {
    long remaining = n;
    long before = Math.max(0, beforeHigh - low[i] + 1);
    if (remaining <= before) {
      return (int) (low[i] + remaining - 1);
    }
    remaining -= before;
    if (keptRow >= 0) {
      if (remaining == 1) {
        return keptRow;
      }
      remaining--;
    }
    long after = Math.max(0, high[i] - afterLow + 1);
    return remaining <= after ? (int) (afterLow + remaining - 1) : -1;
  }

  /** The last row of row {@code i}'s frame as {@link #split} split it, or -1. */
  int lastRow(int i) {
    if (afterLow <= high[i]) {
      return high[i];
    }
    if (keptRow >= 0) {
      return keptRow;
    }
    return low[i] <= beforeHigh ? beforeHigh : -1;
  }

  /** Row {@code i} moved by a ROWS offset, clamped to one row outside the partition. */
  private static int rowOffset(int i, Bound bound, int start, int end) {
    long offset = bound.offset();
    if (bound.type() == BoundType.PRECEDING) {
      return (int) Math.max(start - 1L, i - offset);
    }
    return offset >= end - i ? end : (int) (i + offset);
  }

  /** Whether row {@code row} can be the first of row {@code current}'s RANGE frame. */
  private boolean isHead(int row, int current, Bound bound) {
    RangeKeys keys = requireNonNull(this.keys);
    boolean isRowNull = keys.nulls[row];
    boolean isCurrentNull = keys.nulls[current];
    if (isRowNull || isCurrentNull) {
      return keys.isNullsFirst ? !isRowNull || isCurrentNull : isRowNull || !isCurrentNull;
    }
    boolean isSubtract = (bound.type() == BoundType.PRECEDING) == keys.isAscending;
    return inRange(keys, row, current, bound, isSubtract, !keys.isAscending);
  }

  /** Whether row {@code row} is in row {@code current}'s RANGE frame or before it. */
  private boolean isBeforeTail(int row, int current, Bound bound) {
    RangeKeys keys = requireNonNull(this.keys);
    boolean isRowNull = keys.nulls[row];
    boolean isCurrentNull = keys.nulls[current];
    if (isRowNull || isCurrentNull) {
      return keys.isNullsFirst ? isRowNull : isCurrentNull;
    }
    boolean isSubtract = (bound.type() == BoundType.PRECEDING) == keys.isAscending;
    return inRange(keys, row, current, bound, isSubtract, keys.isAscending);
  }

  private static boolean inRange(
      RangeKeys keys, int row, int current, Bound bound, boolean isSubtract, boolean isLess) {
    if (keys.isFloating) {
      return RangeKeys.inRange(
          keys.doubles[row], keys.doubles[current], bound.doubleOffset(), isSubtract, isLess);
    }
    if (bound.isMonths()) {
      return RangeKeys.inRangeMonths(
          keys.longs[row], keys.longs[current], bound.offset(), isSubtract, isLess);
    }
    return RangeKeys.inRange(
        keys.longs[row], keys.longs[current], bound.offset(), isSubtract, isLess);
  }
}
