package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;

/**
 * {@code SEARCH(x, Sarg[...])}, Calcite's form of IN lists, BETWEEN, NOT IN and unions of ranges.
 * The ranges are sorted and disjoint; each row finds its candidate range by binary search.
 *
 * <p>Exact types (integers, DECIMAL at the operand's scale, DATE, TIMESTAMP) turn every bound into
 * an inclusive bound in the operand's representation ({@code x > 1.5} on an integer is {@code x >=
 * 2}); floating point and string bounds keep their inclusiveness. A null operand yields the Sarg's
 * {@code nullAs}: unknown (null), true or false. Other operand types return null from {@link
 * #create} and are expanded into comparisons by the compiler.
 */
final class SearchExpression implements Expression {
  private final Expression operand;
  private final RexUnknownAs nullAs;
  private final long[] longLows;
  private final long[] longHighs;
  private final double[] doubleLows;
  private final double[] doubleHighs;
  private final byte[] @Nullable [] stringLows;
  private final byte[] @Nullable [] stringHighs;
  private final boolean[] lowInclusive;
  private final boolean[] highInclusive;

  private SearchExpression(
      Expression operand,
      RexUnknownAs nullAs,
      int size,
      long[] longLows,
      long[] longHighs,
      double[] doubleLows,
      double[] doubleHighs,
      byte[] @Nullable [] stringLows,
      byte[] @Nullable [] stringHighs,
      boolean[] lowInclusive,
      boolean[] highInclusive) {
    this.operand = requireNonNull(operand, "operand is null");
    this.nullAs = nullAs;
    this.longLows = Arrays.copyOf(longLows, size);
    this.longHighs = Arrays.copyOf(longHighs, size);
    this.doubleLows = Arrays.copyOf(doubleLows, size);
    this.doubleHighs = Arrays.copyOf(doubleHighs, size);
    this.stringLows = stringLows == null ? null : Arrays.copyOf(stringLows, size);
    this.stringHighs = stringHighs == null ? null : Arrays.copyOf(stringHighs, size);
    this.lowInclusive = Arrays.copyOf(lowInclusive, size);
    this.highInclusive = Arrays.copyOf(highInclusive, size);
  }

  /** The search, or null when the operand's type or the Sarg's values are not handled here. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static @Nullable Expression create(ExpressionCompiler compiler, RexCall call) {
    if (!(call.getOperands().get(1) instanceof RexLiteral literal)
        || !(literal.getValue() instanceof Sarg<?> sarg)) {
      return null;
    }
    Expression operand = compiler.compileNode(call.getOperands().get(0), null);
    DataType type = operand.type();
    List<Range<?>> ranges = new ArrayList<>((java.util.Set) sarg.rangeSet.asRanges());
    int size = ranges.size();
    long[] longLows = new long[size];
    long[] longHighs = new long[size];
    double[] doubleLows = new double[size];
    double[] doubleHighs = new double[size];
    boolean isString = type.kind() == TypeKind.VARCHAR;
    byte[][] stringLows = isString ? new byte[size][] : null;
    byte[][] stringHighs = isString ? new byte[size][] : null;
    boolean[] lowInclusive = new boolean[size];
    boolean[] highInclusive = new boolean[size];
    int kept = 0;
    for (Range<?> range : ranges) {
      boolean hasLow = range.hasLowerBound();
      boolean hasHigh = range.hasUpperBound();
      boolean lowClosed = hasLow && range.lowerBoundType() == BoundType.CLOSED;
      boolean highClosed = hasHigh && range.upperBoundType() == BoundType.CLOSED;
      switch (type.kind()) {
        case SMALLINT, INTEGER, BIGINT, DECIMAL, DATE, TIMESTAMP -> {
          long low = Long.MIN_VALUE;
          long high = Long.MAX_VALUE;
          if (hasLow) {
            BigDecimal value = exact(range.lowerEndpoint(), type);
            if (value == null) {
              return null;
            }
            BigDecimal ceiling = value.setScale(0, RoundingMode.CEILING);
            boolean isExact = ceiling.compareTo(value) == 0;
            if (ceiling.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
              continue;
            }
            low = ceiling.max(BigDecimal.valueOf(Long.MIN_VALUE)).longValueExact();
            if (isExact && !lowClosed) {
              if (low == Long.MAX_VALUE) {
                continue;
              }
              low++;
            }
          }
          if (hasHigh) {
            BigDecimal value = exact(range.upperEndpoint(), type);
            if (value == null) {
              return null;
            }
            BigDecimal floor = value.setScale(0, RoundingMode.FLOOR);
            boolean isExact = floor.compareTo(value) == 0;
            if (floor.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
              continue;
            }
            high = floor.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
            if (isExact && !highClosed) {
              if (high == Long.MIN_VALUE) {
                continue;
              }
              high--;
            }
          }
          if (low > high) {
            continue;
          }
          longLows[kept] = low;
          longHighs[kept] = high;
        }
        case REAL, DOUBLE -> {
          doubleLows[kept] =
              hasLow
                  ? ((BigDecimal) range.lowerEndpoint()).doubleValue()
                  : Double.NEGATIVE_INFINITY;
          doubleHighs[kept] =
              hasHigh ? ((BigDecimal) range.upperEndpoint()).doubleValue() : Double.NaN;
          lowInclusive[kept] = !hasLow || lowClosed;
          highInclusive[kept] = !hasHigh || highClosed;
          if (!(range.hasLowerBound() ? range.lowerEndpoint() : BigDecimal.ZERO)
              .getClass()
              .equals(BigDecimal.class)) {
            return null;
          }
        }
        case VARCHAR -> {
          stringLows[kept] = hasLow ? bytes(range.lowerEndpoint()) : null;
          stringHighs[kept] = hasHigh ? bytes(range.upperEndpoint()) : null;
          lowInclusive[kept] = lowClosed;
          highInclusive[kept] = highClosed;
        }
        default -> {
          return null;
        }
      }
      kept++;
    }
    return new SearchExpression(
        operand,
        sarg.nullAs,
        kept,
        longLows,
        longHighs,
        doubleLows,
        doubleHighs,
        stringLows,
        stringHighs,
        lowInclusive,
        highInclusive);
  }

  /** A bound in the operand's long representation (unscaled for DECIMAL), or null if unknown. */
  private static @Nullable BigDecimal exact(Object value, DataType type) {
    if (value instanceof BigDecimal decimal) {
      return type.kind() == TypeKind.DECIMAL ? decimal.movePointRight(type.scale()) : decimal;
    }
    if (value instanceof DateString date && type.kind() == TypeKind.DATE) {
      return BigDecimal.valueOf(date.getDaysSinceEpoch());
    }
    if (value instanceof TimestampString timestamp && type.kind() == TypeKind.TIMESTAMP) {
      LocalDateTime dateTime = LocalDateTime.parse(timestamp.toString().replace(' ', 'T'));
      return BigDecimal.valueOf(TextFormats.epochMicros(dateTime));
    }
    return null;
  }

  private static byte[] bytes(Object value) {
    String string = value instanceof NlsString nls ? nls.getValue() : value.toString();
    return string.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = operand.evaluate(page);
    boolean[] out = new boolean[page.positionCount()];
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    switch (operand.type().physicalType()) {
      case INT -> {
        int[] values = ((IntBlock) block).values();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = containsLong(values[p]);
        }
      }
      case LONG -> {
        long[] values = ((LongBlock) block).values();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = containsLong(values[p]);
        }
      }
      case DOUBLE -> {
        double[] values = ((DoubleBlock) block).values();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = containsDouble(values[p]);
        }
      }
      case FLOAT -> {
        float[] values = ((FloatBlock) block).values();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = containsDouble(values[p]);
        }
      }
      case VARCHAR -> {
        VarcharBlock strings = Rows.stringValues(block);
        int[] ids = Rows.stringIds(block);
        byte[] bytes = strings.bytes();
        int[] offsets = strings.offsets();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          int index = ids == null ? p : ids[p];
          out[p] = containsString(bytes, offsets[index], offsets[index + 1]);
        }
      }
      case BOOLEAN -> throw new AssertionError();
    }
    boolean[] nulls = block.nulls();
    if (nulls == null || nullAs == RexUnknownAs.UNKNOWN) {
      return new BooleanBlock(page.positionCount(), out, nulls);
    }
    boolean whenNull = nullAs == RexUnknownAs.TRUE;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls[p]) {
        out[p] = whenNull;
      }
    }
    return new BooleanBlock(page.positionCount(), out, null);
  }

  private boolean containsLong(long value) {
    int low = 0;
    int high = longLows.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (longLows[middle] <= value) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return high >= 0 && value <= longHighs[high];
  }

  private boolean containsDouble(double value) {
    for (int i = 0; i < doubleLows.length; i++) {
      int low = ComparisonExpression.compareDoubles(value, doubleLows[i]);
      if (low < 0 || (low == 0 && !lowInclusive[i])) {
        return false;
      }
      double bound = doubleHighs[i];
      if (Double.isNaN(bound) && highInclusive[i]) {
        return true;
      }
      int high = ComparisonExpression.compareDoubles(value, bound);
      if (high < 0 || (high == 0 && highInclusive[i])) {
        return true;
      }
    }
    return false;
  }

  private boolean containsString(byte[] bytes, int start, int end) {
    byte[][] lows = requireNonNull(stringLows);
    byte[][] highs = requireNonNull(stringHighs);
    int low = 0;
    int high = lows.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      byte[] bound = lows[middle];
      int comparison =
          bound == null ? 1 : Arrays.compareUnsigned(bytes, start, end, bound, 0, bound.length);
      if (comparison > 0 || (comparison == 0 && lowInclusive[middle])) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (high < 0) {
      return false;
    }
    byte[] bound = highs[high];
    if (bound == null) {
      return true;
    }
    int comparison = Arrays.compareUnsigned(bytes, start, end, bound, 0, bound.length);
    return comparison < 0 || (comparison == 0 && highInclusive[high]);
  }
}
