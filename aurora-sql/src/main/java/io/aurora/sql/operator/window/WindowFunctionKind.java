package io.aurora.sql.operator.window;

/** The window functions {@link WindowOperator} computes. */
public enum WindowFunctionKind {
  /** 1, 2, 3, ... in partition order; ignores the frame. BIGINT. */
  ROW_NUMBER,
  /** 1 + the number of rows before the row's first peer; ignores the frame. BIGINT. */
  RANK,
  /** 1 + the number of peer groups before the row's; ignores the frame. BIGINT. */
  DENSE_RANK,
  /**
   * SUM(x) over the frame: BIGINT for SMALLINT, INTEGER and BIGINT (overflow fails with SQLSTATE
   * 22003), DECIMAL(18, s) for DECIMAL(p, s), DOUBLE for REAL and DOUBLE; NULL if no value is
   * non-null.
   */
  SUM,
  /** AVG(x) over the frame, DOUBLE for every numeric input; NULL if no value is non-null. */
  AVG,
  /** COUNT(x) of non-null values, or COUNT(*) of rows without an argument, over the frame. */
  COUNT,
  /** MIN(x) over the frame, of the argument's type, in the order of {@code BlockValues}. */
  MIN,
  /** MAX(x) over the frame, of the argument's type. */
  MAX,
  /**
   * {@code (rank - 1) / (partition rows - 1)}, 0 in a partition of one row; ignores the frame.
   * DOUBLE.
   */
  PERCENT_RANK,
  /** The fraction of the partition's rows that precede the row or are its peers. DOUBLE. */
  CUME_DIST,
  /**
   * NTILE(n): the row's bucket, 1 to n, when the partition is split into n buckets whose sizes
   * differ by at most one, larger buckets first; ignores the frame. BIGINT.
   */
  NTILE,
  /** LAG(x, offset, default): x of the row offset rows before, else the default column or NULL. */
  LAG,
  /** LEAD(x, offset, default): x of the row offset rows after, else the default column or NULL. */
  LEAD,
  /** x of the frame's first row, NULL for an empty frame. */
  FIRST_VALUE,
  /** x of the frame's last row, NULL for an empty frame. */
  LAST_VALUE,
  /** NTH_VALUE(x, n): x of the frame's n-th row, NULL if the frame has fewer rows. */
  NTH_VALUE;

  /** Whether this function ranks rows and so ignores the frame and takes no argument. */
  public boolean isRanking() {
    return switch (this) {
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE -> true;
      case SUM, AVG, COUNT, MIN, MAX, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> false;
    };
  }

  /** Whether the result is the argument's value of some row, of the argument's type. */
  public boolean isValue() {
    return switch (this) {
      case MIN, MAX, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> true;
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, SUM, AVG, COUNT -> false;
    };
  }

  /** Whether the result depends on the frame. */
  public boolean usesFrame() {
    return switch (this) {
      case SUM, AVG, COUNT, MIN, MAX, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> true;
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD -> false;
    };
  }
}
