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
  MAX;

  /** Whether this function ranks rows and so ignores the frame and takes no argument. */
  public boolean isRanking() {
    return this == ROW_NUMBER || this == RANK || this == DENSE_RANK;
  }
}
