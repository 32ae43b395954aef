package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

/**
 * The frame of a window aggregate: which rows of the partition, relative to the current row, it
 * aggregates. Supported are {@code ROWS BETWEEN (UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW)
 * AND (CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING)}, and {@code RANGE BETWEEN UNBOUNDED
 * PRECEDING AND (CURRENT ROW | UNBOUNDED FOLLOWING)}, where a RANGE frame's CURRENT ROW includes
 * the row's peers (rows with equal ORDER BY keys; all rows of the partition without ORDER BY).
 *
 * @param unit ROWS or RANGE
 * @param start where the frame starts
 * @param end where the frame ends
 */
public record Frame(Unit unit, Bound start, Bound end) {
  /** The SQL default with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
  public static final Frame RANGE_UNBOUNDED_TO_CURRENT_ROW =
      new Frame(Unit.RANGE, Bound.unboundedPreceding(), Bound.currentRow());

  /** The whole partition, the SQL default without ORDER BY. */
  public static final Frame WHOLE_PARTITION =
      new Frame(Unit.RANGE, Bound.unboundedPreceding(), Bound.unboundedFollowing());

  public Frame {
    requireNonNull(unit, "unit is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    switch (start.type()) {
      case UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW -> {}
      case FOLLOWING, UNBOUNDED_FOLLOWING ->
          throw new IllegalArgumentException("Frame start[" + start + "] is not supported");
    }
    switch (end.type()) {
      case CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING -> {}
      case UNBOUNDED_PRECEDING, PRECEDING ->
          throw new IllegalArgumentException("Frame end[" + end + "] is not supported");
    }
    if (unit == Unit.RANGE
        && (start.type() != BoundType.UNBOUNDED_PRECEDING || end.type() == BoundType.FOLLOWING)) {
      throw new IllegalArgumentException(
          "RANGE frame[" + start + " AND " + end + "] is not supported");
    }
  }

  /** {@code ROWS BETWEEN start AND end}. */
  public static Frame rows(Bound start, Bound end) {
    return new Frame(Unit.ROWS, start, end);
  }

  /** Whether a frame is counted in rows or in peer groups. */
  public enum Unit {
    ROWS,
    RANGE
  }

  /** The kinds of frame bound. */
  public enum BoundType {
    UNBOUNDED_PRECEDING,
    PRECEDING,
    CURRENT_ROW,
    FOLLOWING,
    UNBOUNDED_FOLLOWING
  }

  /**
   * One end of a frame.
   *
   * @param type the kind of bound
   * @param offset the n of {@code n PRECEDING} and {@code n FOLLOWING}, at least 0; 0 otherwise
   */
  public record Bound(BoundType type, long offset) {
    public Bound {
      requireNonNull(type, "type is null");
      boolean hasOffset = type == BoundType.PRECEDING || type == BoundType.FOLLOWING;
      if (offset < 0 || (!hasOffset && offset != 0)) {
        throw new IllegalArgumentException("Frame offset[" + offset + "] is invalid for " + type);
      }
    }

    public static Bound unboundedPreceding() {
      return new Bound(BoundType.UNBOUNDED_PRECEDING, 0);
    }

    public static Bound preceding(long offset) {
      return new Bound(BoundType.PRECEDING, offset);
    }

    public static Bound currentRow() {
      return new Bound(BoundType.CURRENT_ROW, 0);
    }

    public static Bound following(long offset) {
      return new Bound(BoundType.FOLLOWING, offset);
    }

    public static Bound unboundedFollowing() {
      return new Bound(BoundType.UNBOUNDED_FOLLOWING, 0);
    }

    @Override
    public String toString() {
      return switch (type) {
        case PRECEDING -> offset + " PRECEDING";
        case FOLLOWING -> offset + " FOLLOWING";
        case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
        case CURRENT_ROW -> "CURRENT ROW";
        case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
      };
    }
  }
}
