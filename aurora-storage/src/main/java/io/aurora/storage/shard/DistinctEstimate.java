package io.aurora.storage.shard;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import org.jspecify.annotations.Nullable;

/**
 * An estimate of how many distinct non-null values a column holds, for the planner: the sealed
 * segments' sketches merged, over every shard the estimate is given.
 *
 * <p>Rows that no sketch covers (rows still in memory, and segments written before sketches
 * existed) are accounted for by the sketched rows' distinct ratio r: {@code u} such rows add {@code
 * u * r^2} values. A key column (r near 1) grows with its rows; a column of few repeated values (r
 * near 0) does not.
 *
 * <p>Not thread-safe: one is filled and read by one planning thread.
 */
public final class DistinctEstimate {
  private @Nullable UltraLogLog sketch;
  private long sketchedRows;
  private long unsketchedRows;

  /** Adds a segment's sketch of {@code rows} rows (null values included). */
  public void addSketch(byte[] state, long rows) {
    UltraLogLog other = UltraLogLog.wrap(state.clone());
    sketch = sketch == null ? other : sketch.add(other);
    sketchedRows += rows;
  }

  /** Adds rows that no sketch covers. */
  public void addUnsketchedRows(long rows) {
    unsketchedRows += rows;
  }

  /** The estimated number of distinct non-null values, or NaN when no row was sketched. */
  public double estimate() {
    if (sketch == null || sketchedRows == 0) {
      return Double.NaN;
    }
    double sketched = Math.min(sketch.getDistinctCountEstimate(), sketchedRows);
    double ratio = sketched / sketchedRows;
    return Math.min(sketched + unsketchedRows * ratio * ratio, sketchedRows + unsketchedRows);
  }
}
