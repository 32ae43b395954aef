package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

/**
 * The frame of a window function: which rows of the partition, relative to the current row, it
 * covers, as PostgreSQL defines frames. A ROWS frame counts rows; a RANGE frame's {@code CURRENT
 * ROW} includes the row's peers (rows with equal ORDER BY keys; all rows of the partition without
 * ORDER BY), and its {@code n PRECEDING} and {@code n FOLLOWING} compare the single ORDER BY key
 * with the current row's key minus or plus n. A GROUPS frame counts peer groups: {@code n
 * PRECEDING} starts at the first row of the peer group n groups before the current row's, {@code n
 * FOLLOWING} ends at the last row of the group n groups after it, and {@code CURRENT ROW} is the
 * current row's peer group, as in RANGE. A frame may be empty ({@code ROWS BETWEEN 1 FOLLOWING AND
 * 1 PRECEDING}). The exclusion removes the current row or its peers from the frame.
 *
 * @param unit ROWS, RANGE or GROUPS
 * @param start where the frame starts
 * @param end where the frame ends
 * @param exclusion which rows around the current row the frame leaves out
 */
public record Frame(Unit unit, Bound start, Bound end, Exclusion exclusion) {
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
    requireNonNull(exclusion, "exclusion is null");
    if (start.type() == BoundType.UNBOUNDED_FOLLOWING) {
      throw new IllegalArgumentException("Frame start cannot be UNBOUNDED FOLLOWING");
    }
    if (end.type() == BoundType.UNBOUNDED_PRECEDING) {
      throw new IllegalArgumentException("Frame end cannot be UNBOUNDED PRECEDING");
    }
    if (start.type().ordinal() > end.type().ordinal()) {
      throw new IllegalArgumentException(
          "Frame[" + start + " AND " + end + "] starts after it ends");
    }
  }

  /** A frame that excludes no rows. */
  public Frame(Unit unit, Bound start, Bound end) {
    this(unit, start, end, Exclusion.NO_OTHERS);
  }

  /** {@code ROWS BETWEEN start AND end}. */
  public static Frame rows(Bound start, Bound end) {
    return new Frame(Unit.ROWS, start, end);
  }

  /** {@code GROUPS BETWEEN start AND end}. */
  public static Frame groups(Bound start, Bound end) {
    return new Frame(Unit.GROUPS, start, end);
  }

  /** {@code RANGE BETWEEN start AND end}. */
  public static Frame range(Bound start, Bound end) {
    return new Frame(Unit.RANGE, start, end);
  }

  /** Whether a bound of this frame compares ORDER BY keys with an offset. */
  public boolean hasRangeOffset() {
    return unit == Unit.RANGE && (start.hasOffset() || end.hasOffset());
  }

  /** This frame with another exclusion. */
  public Frame excluding(Exclusion exclusion) {
    return new Frame(unit, start, end, exclusion);
  }

  /** Whether a frame is counted in rows, in ORDER BY key values or in peer groups. */
  public enum Unit {
    ROWS,
    RANGE,
    GROUPS
  }

  /** The kinds of frame bound, in the order of the rows they point at. */
  public enum BoundType {
    UNBOUNDED_PRECEDING,
    PRECEDING,
    CURRENT_ROW,
    FOLLOWING,
    UNBOUNDED_FOLLOWING
  }

  /** The rows {@code EXCLUDE} leaves out of a frame. */
  public enum Exclusion {
    /** {@code EXCLUDE NO OTHERS}, the default. */
    NO_OTHERS,
    /** {@code EXCLUDE CURRENT ROW}. */
    CURRENT_ROW,
    /** {@code EXCLUDE GROUP}: the current row and its peers. */
    GROUP,
    /** {@code EXCLUDE TIES}: the current row's peers but not the row itself. */
    TIES
  }

  /**
   * One end of a frame.
   *
   * @param type the kind of bound
   * @param offset the n of {@code n PRECEDING} and {@code n FOLLOWING}, at least 0, 0 for other
   *     kinds: a row count in a ROWS frame, a count of peer groups in a GROUPS frame; in a RANGE
   *     frame, a difference of ORDER BY keys in the key's units (the unscaled value of a DECIMAL,
   *     microseconds for DATE and TIMESTAMP keys)
   * @param doubleOffset n for a RANGE frame over a REAL or DOUBLE key, at least 0, 0 otherwise
   * @param isMonths whether {@code offset} counts months, for a year-month INTERVAL over a DATE or
   *     TIMESTAMP key, added as PostgreSQL adds months (a day past the month's end becomes its last
   *     day)
   */
  public record Bound(BoundType type, long offset, double doubleOffset, boolean isMonths) {
    public Bound {
      requireNonNull(type, "type is null");
      boolean hasOffset = type == BoundType.PRECEDING || type == BoundType.FOLLOWING;
      if (offset < 0 || (!hasOffset && offset != 0)) {
        throw new IllegalArgumentException("Frame offset[" + offset + "] is invalid for " + type);
      }
      if (!(doubleOffset >= 0) || (!hasOffset && doubleOffset != 0)) {
        throw new IllegalArgumentException(
            "Frame offset[" + doubleOffset + "] is invalid for " + type);
      }
      if (isMonths && (!hasOffset || doubleOffset != 0)) {
        throw new IllegalArgumentException("A month offset is invalid for " + type);
      }
    }

    public static Bound unboundedPreceding() {
      return new Bound(BoundType.UNBOUNDED_PRECEDING, 0, 0, false);
    }

    public static Bound preceding(long offset) {
      return new Bound(BoundType.PRECEDING, offset, 0, false);
    }

    /** {@code n PRECEDING} of a RANGE frame over a REAL or DOUBLE key. */
    public static Bound preceding(double offset) {
      return new Bound(BoundType.PRECEDING, 0, offset, false);
    }

    public static Bound currentRow() {
      return new Bound(BoundType.CURRENT_ROW, 0, 0, false);
    }

    public static Bound following(long offset) {
      return new Bound(BoundType.FOLLOWING, offset, 0, false);
    }

    /** {@code n FOLLOWING} of a RANGE frame over a REAL or DOUBLE key. */
    public static Bound following(double offset) {
      return new Bound(BoundType.FOLLOWING, 0, offset, false);
    }

    /** {@code INTERVAL 'n' MONTH PRECEDING} of a RANGE frame over a DATE or TIMESTAMP key. */
    public static Bound monthsPreceding(long months) {
      return new Bound(BoundType.PRECEDING, months, 0, true);
    }

    /** {@code INTERVAL 'n' MONTH FOLLOWING} of a RANGE frame over a DATE or TIMESTAMP key. */
    public static Bound monthsFollowing(long months) {
      return new Bound(BoundType.FOLLOWING, months, 0, true);
    }

    public static Bound unboundedFollowing() {
      return new Bound(BoundType.UNBOUNDED_FOLLOWING, 0, 0, false);
    }

    /** Whether this is {@code n PRECEDING} or {@code n FOLLOWING}. */
    public boolean hasOffset() {
      return type == BoundType.PRECEDING || type == BoundType.FOLLOWING;
    }

    @Override
    public String toString() {
      String amount =
          doubleOffset != 0
              ? Double.toString(doubleOffset)
              : isMonths ? offset + " MONTHS" : Long.toString(offset);
      return switch (type) {
        case PRECEDING -> amount + " PRECEDING";
        case FOLLOWING -> amount + " FOLLOWING";
        case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
        case CURRENT_ROW -> "CURRENT ROW";
        case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
      };
    }
  }
}
