package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.type.DataType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One aggregate call of a GROUP BY, as the planner hands it to the aggregation operator.
 *
 * @param kind which aggregate
 * @param inputChannel the input channel it reads, or -1 for COUNT(*); for the ordered-set
 *     aggregates (percentile_cont, percentile_disc, mode) the WITHIN GROUP column
 * @param inputType the type of that channel, or null for COUNT(*)
 * @param isDistinct whether it aggregates distinct values only (COUNT(DISTINCT x), SUM(DISTINCT x))
 * @param outputType the type of the result
 * @param fraction the percentile for APPROX_PERCENTILE, PERCENTILE_CONT and PERCENTILE_DISC, in [0,
 *     1]; 0 otherwise
 * @param moreChannels the arguments after the first of COUNT(a, b, ...) (which counts the rows
 *     where none is null); empty for every other aggregate
 * @param moreTypes the types of {@code moreChannels}
 * @param orderBy the order in which STRING_AGG, PERCENTILE_DISC and MODE see their input: for
 *     STRING_AGG its ORDER BY (empty for input order), for the others one key on {@code
 *     inputChannel}; empty for every other aggregate
 * @param orderByTypes the types of the {@code orderBy} channels
 * @param separator the separator STRING_AGG puts between values; empty otherwise
 */
public record AggregateSpec(
    AggregateKind kind,
    int inputChannel,
    @Nullable DataType inputType,
    boolean isDistinct,
    DataType outputType,
    double fraction,
    List<Integer> moreChannels,
    List<DataType> moreTypes,
    List<SortKey> orderBy,
    List<DataType> orderByTypes,
    String separator) {

  public AggregateSpec {
    requireNonNull(kind, "kind is null");
    requireNonNull(outputType, "outputType is null");
    moreChannels = List.copyOf(requireNonNull(moreChannels, "moreChannels is null"));
    moreTypes = List.copyOf(requireNonNull(moreTypes, "moreTypes is null"));
    orderBy = List.copyOf(requireNonNull(orderBy, "orderBy is null"));
    orderByTypes = List.copyOf(requireNonNull(orderByTypes, "orderByTypes is null"));
    requireNonNull(separator, "separator is null");
    if ((kind == AggregateKind.COUNT_ALL) != (inputChannel < 0)) {
      throw new IllegalArgumentException("only COUNT(*) has no input channel");
    }
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
    }
    if (moreChannels.size() != moreTypes.size() || orderBy.size() != orderByTypes.size()) {
      throw new IllegalArgumentException("every channel needs one type");
    }
    if (!moreChannels.isEmpty() && kind != AggregateKind.COUNT) {
      throw new IllegalArgumentException("only COUNT has several arguments");
    }
  }

  /** An aggregate of at most one argument without an order of its input. */
  public AggregateSpec(
      AggregateKind kind,
      int inputChannel,
      @Nullable DataType inputType,
      boolean isDistinct,
      DataType outputType,
      double fraction) {
    this(
        kind,
        inputChannel,
        inputType,
        isDistinct,
        outputType,
        fraction,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        "");
  }

  /** The aggregates Aurora computes. */
  public enum AggregateKind {
    /** COUNT(*): rows, nulls included. BIGINT. */
    COUNT_ALL,
    /** COUNT(x): non-null values; COUNT(a, b, ...): rows where no argument is null. BIGINT. */
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
    /**
     * percentile_disc(fraction) WITHIN GROUP (ORDER BY x): the first value whose position in the
     * order reaches the fraction. Same type as x, of any orderable type.
     */
    PERCENTILE_DISC,
    /**
     * mode() WITHIN GROUP (ORDER BY x): the most frequent value, the first in the order among
     * equally frequent ones. Same type as x.
     */
    MODE,
    /**
     * string_agg(x, separator [ORDER BY ...]): the non-null values joined by the separator.
     * VARCHAR; NULL when there is no non-null value.
     */
    STRING_AGG,
    /** stddev_samp(x) and stddev(x): DOUBLE; NULL for fewer than two non-null values. */
    STDDEV_SAMP,
    /** stddev_pop(x): DOUBLE; NULL when there is no non-null value. */
    STDDEV_POP,
    /** var_samp(x) and variance(x): DOUBLE; NULL for fewer than two non-null values. */
    VAR_SAMP,
    /** var_pop(x): DOUBLE; NULL when there is no non-null value. */
    VAR_POP,
    /** bool_and(x) / every(x). BOOLEAN. */
    BOOL_AND,
    /** bool_or(x). BOOLEAN. */
    BOOL_OR,
    /** any_value(x), also used for single-value scalar subqueries. Same type as x. */
    ANY_VALUE
  }
}
