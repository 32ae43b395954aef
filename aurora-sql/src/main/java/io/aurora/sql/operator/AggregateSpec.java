package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.type.DataType;
import org.jspecify.annotations.Nullable;

/**
 * One aggregate call of a GROUP BY, as the planner hands it to the aggregation operator.
 *
 * @param kind which aggregate
 * @param inputChannel the input channel it reads, or -1 for COUNT(*)
 * @param inputType the type of that channel, or null for COUNT(*)
 * @param isDistinct whether it aggregates distinct values only (COUNT(DISTINCT x), SUM(DISTINCT x))
 * @param outputType the type of the result
 * @param fraction the percentile for APPROX_PERCENTILE and PERCENTILE_CONT, in [0, 1]; 0 otherwise
 */
public record AggregateSpec(
    AggregateKind kind,
    int inputChannel,
    @Nullable DataType inputType,
    boolean isDistinct,
    DataType outputType,
    double fraction) {

  public AggregateSpec {
    requireNonNull(kind, "kind is null");
    requireNonNull(outputType, "outputType is null");
    if ((kind == AggregateKind.COUNT_ALL) != (inputChannel < 0)) {
      throw new IllegalArgumentException("only COUNT(*) has no input channel");
    }
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
    }
  }

  /** The aggregates Aurora computes. */
  public enum AggregateKind {
    /** COUNT(*): rows, nulls included. BIGINT. */
    COUNT_ALL,
    /** COUNT(x): non-null values. BIGINT. */
    COUNT,
    /**
     * SUM(x): BIGINT for integer inputs, DECIMAL(18, s) for DECIMAL(p, s), DOUBLE for REAL and
     * DOUBLE; overflow fails with SQLSTATE 22003; NULL when there is no non-null value.
     */
    SUM,
    /** AVG(x): DOUBLE for every numeric input (decimals divided by their scale). */
    AVG,
    /** MIN(x), of any orderable type, in the order of {@link BlockValues}. */
    MIN,
    /** MAX(x), of any orderable type. */
    MAX,
    /** approx_count_distinct(x): UltraLogLog from hash4j. BIGINT. */
    APPROX_COUNT_DISTINCT,
    /** approx_percentile(x, fraction): t-digest. DOUBLE. */
    APPROX_PERCENTILE,
    /** percentile_cont(fraction) WITHIN GROUP (ORDER BY x): exact, interpolated. DOUBLE. */
    PERCENTILE_CONT,
    /** bool_and(x) / every(x). BOOLEAN. */
    BOOL_AND,
    /** bool_or(x). BOOLEAN. */
    BOOL_OR,
    /** any_value(x), also used for single-value scalar subqueries. Same type as x. */
    ANY_VALUE
  }
}
