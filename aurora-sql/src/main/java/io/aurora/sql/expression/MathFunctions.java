package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.jspecify.annotations.Nullable;

/**
 * Numeric functions: {@code abs}, {@code ceil}, {@code floor}, {@code round(x[, n])}, {@code
 * trunc(x[, n])}, {@code sign} on every numeric type, and {@code sqrt}, {@code cbrt}, {@code
 * power}, {@code ln}, {@code log10}, {@code log(x)} (base 10), {@code log(b, x)} and {@code exp} on
 * DOUBLE (PostgreSQL's {@code log(b, x)} is NUMERIC; Aurora answers it as DOUBLE).
 *
 * <p>Rounding follows PostgreSQL: DECIMAL and integers round half away from zero, DOUBLE and REAL
 * round half to even ({@code rint}). Domain errors raise PostgreSQL's SQLSTATEs: 2201E for the
 * logarithm of zero or of a negative number, 2201F for a negative square root and for zero to a
 * negative power or a negative number to a fractional one.
 */
final class MathFunctions implements Expression {
  enum Function {
    ABS,
    CEIL,
    FLOOR,
    ROUND,
    TRUNCATE,
    SIGN,
    SQRT,
    CBRT,
    POWER,
    LN,
    LOG10,
    LOG,
    EXP
  }

  private final Function function;
  private final Expression value;
  private final @Nullable Expression argument;
  private final DataType type;

  private MathFunctions(
      Function function, Expression value, @Nullable Expression argument, DataType type) {
    this.function = function;
    this.value = requireNonNull(value, "value is null");
    this.argument = argument;
    this.type = requireNonNull(type, "type is null");
  }

  static @Nullable Expression compile(
      ExpressionCompiler compiler, RexCall call, String name, @Nullable DataType type) {
    List<RexNode> operands = call.getOperands();
    Function function =
        switch (name) {
          case "ABS" -> Function.ABS;
          case "CEIL", "CEILING" -> Function.CEIL;
          case "FLOOR" -> Function.FLOOR;
          case "ROUND" -> Function.ROUND;
          case "TRUNCATE", "TRUNC" -> Function.TRUNCATE;
          case "SIGN" -> Function.SIGN;
          case "SQRT" -> Function.SQRT;
          case "CBRT" -> Function.CBRT;
          case "POWER", "POW" -> Function.POWER;
          case "LN" -> Function.LN;
          case "LOG10" -> Function.LOG10;
          case "LOG" -> Function.LOG;
          case "EXP" -> Function.EXP;
          default -> null;
        };
    if (function == null || type == null) {
      return null;
    }
    boolean isDoubleOnly = function.compareTo(Function.SQRT) >= 0;
    Expression value = compiler.compileNode(operands.get(0), type);
    Expression argument = null;
    if (isDoubleOnly) {
      value = ExpressionCompiler.coerce(value, DataType.DOUBLE);
      if (operands.size() > 1) {
        argument =
            ExpressionCompiler.coerce(compiler.compileNode(operands.get(1), null), DataType.DOUBLE);
      }
      return new MathFunctions(function, value, argument, DataType.DOUBLE);
    }
    if (operands.size() > 1) {
      argument =
          ExpressionCompiler.coerce(compiler.compileNode(operands.get(1), null), DataType.INTEGER);
    }
    if (value.type().kind() != TypeKind.DECIMAL || type.kind() != TypeKind.DECIMAL) {
      value = ExpressionCompiler.coerce(value, type);
    }
    return new MathFunctions(function, value, argument, type);
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = value.evaluate(page);
    Block digits = argument == null ? null : argument.evaluate(page);
    boolean[] nulls = Rows.union(page, block.nulls(), digits == null ? null : digits.nulls());
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    int positionCount = page.positionCount();
    switch (type.kind()) {
      case DOUBLE, REAL -> {
        double[] doubles = type.kind() == TypeKind.DOUBLE ? new double[positionCount] : null;
        float[] floats = doubles == null ? new float[positionCount] : null;
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls != null && nulls[p]) {
            continue;
          }
          double x = block instanceof DoubleBlock d ? d.value(p) : ((FloatBlock) block).value(p);
          double result = applyDouble(x, digits, p);
          if (doubles != null) {
            doubles[p] = result;
          } else {
            floats[p] = (float) result;
          }
        }
        return doubles != null
            ? new DoubleBlock(positionCount, doubles, nulls)
            : new FloatBlock(positionCount, floats, nulls);
      }
      case SMALLINT, INTEGER, BIGINT, DECIMAL -> {
        boolean isInt = type.kind() != TypeKind.BIGINT && type.kind() != TypeKind.DECIMAL;
        int[] ints = isInt ? new int[positionCount] : null;
        long[] longs = isInt ? null : new long[positionCount];
        int fromScale = value.type().scale();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls != null && nulls[p]) {
            continue;
          }
          long x = block instanceof IntBlock b ? b.value(p) : ((LongBlock) block).value(p);
          long result = applyExact(x, fromScale, digits, p);
          if (ints != null) {
            if (result < (type.kind() == TypeKind.SMALLINT ? Short.MIN_VALUE : Integer.MIN_VALUE)
                || result
                    > (type.kind() == TypeKind.SMALLINT ? Short.MAX_VALUE : Integer.MAX_VALUE)) {
              throw ArithmeticExpression.outOfRange(type);
            }
            ints[p] = (int) result;
          } else {
            longs[p] = result;
          }
        }
        return ints != null
            ? new IntBlock(positionCount, ints, nulls)
            : new LongBlock(positionCount, longs, nulls);
      }
      default ->
          throw new AuroraException(
              ErrorCode.FEATURE_NOT_SUPPORTED,
              "Function[" + function + "] on type[" + type + "] is not supported");
    }
  }

  private static int digits(@Nullable Block digits, int p) {
    return digits == null ? 0 : ((IntBlock) digits).value(p);
  }

  private double applyDouble(double x, @Nullable Block digits, int p) {
    return switch (function) {
      case ABS -> Math.abs(x);
      case CEIL -> Math.ceil(x);
      case FLOOR -> Math.floor(x);
      case ROUND -> {
        int n = digits(digits, p);
        if (n == 0) {
          yield Math.rint(x);
        }
        double scale = Math.pow(10, n);
        yield Math.rint(x * scale) / scale;
      }
      case TRUNCATE -> {
        double scale = Math.pow(10, digits(digits, p));
        double scaled = x * scale;
        yield (scaled < 0 ? Math.ceil(scaled) : Math.floor(scaled)) / scale;
      }
      case SIGN -> Math.signum(x);
      case SQRT -> {
        if (x < 0) {
          throw powerError("cannot take square root of a negative number");
        }
        yield Math.sqrt(x);
      }
      case CBRT -> Math.cbrt(x);
      case POWER -> {
        double y = ((DoubleBlock) requireNonNull(digits)).value(p);
        if (x == 0 && y < 0) {
          throw powerError("zero raised to a negative power is undefined");
        }
        if (x < 0 && Math.floor(y) != y) {
          throw powerError(
              "a negative number raised to a non-integer power yields a complex result");
        }
        double result = Math.pow(x, y);
        if (Double.isInfinite(result) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
          throw ArithmeticExpression.floatOverflow();
        }
        yield result;
      }
      case LN, LOG10 -> {
        checkLogarithm(x);
        yield function == Function.LN ? Math.log(x) : Math.log10(x);
      }
      case LOG -> {
        if (digits == null) {
          checkLogarithm(x);
          yield Math.log10(x);
        }
        // log(b, x): the base comes first, as in PostgreSQL.
        double of = ((DoubleBlock) digits).value(p);
        checkLogarithm(x);
        checkLogarithm(of);
        if (x == 1) {
          throw ArithmeticExpression.divisionByZero();
        }
        // Base 10 exactly as log10 (ln(0.01) / ln(10) is -1.9999999999999996).
        yield x == 10 ? Math.log10(of) : Math.log(of) / Math.log(x);
      }
      case EXP -> {
        double result = Math.exp(x);
        if (Double.isInfinite(result) && !Double.isInfinite(x)) {
          throw ArithmeticExpression.floatOverflow();
        }
        yield result;
      }
    };
  }

  /** The function on an exact value at {@code fromScale}, as a value at the result's scale. */
  private long applyExact(long x, int fromScale, @Nullable Block digits, int p) {
    int scale = type.scale();
    long result =
        switch (function) {
          case ABS -> {
            if (x == Long.MIN_VALUE) {
              throw ArithmeticExpression.outOfRange(type);
            }
            yield Decimals.rescale(Math.abs(x), fromScale, scale);
          }
          case SIGN -> Decimals.rescale(Long.signum(x), 0, scale);
          case CEIL, FLOOR -> {
            long unit = Decimals.powerOfTen(fromScale);
            long floored = Math.floorDiv(x, unit);
            if (function == Function.CEIL && floored * unit != x) {
              floored++;
            }
            yield Decimals.rescale(floored, 0, scale);
          }
          case ROUND, TRUNCATE -> {
            int n = digits(digits, p);
            int drop = fromScale - n;
            long rounded = x;
            if (drop > 0) {
              if (drop > 18) {
                rounded = 0;
              } else {
                long unit = Decimals.powerOfTen(drop);
                rounded =
                    function == Function.ROUND ? Decimals.divideRoundHalfUp(x, unit) : x / unit;
                rounded = Math.multiplyExact(rounded, unit);
              }
            }
            yield Decimals.rescale(rounded, fromScale, scale);
          }
          default -> throw new AssertionError(function);
        };
    if (type.kind() == TypeKind.DECIMAL) {
      Decimals.checkPrecision(result, type.precision());
    }
    return result;
  }

  private static void checkLogarithm(double x) {
    if (x == 0) {
      throw new AuroraException(
          ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of zero");
    }
    if (x < 0) {
      throw new AuroraException(
          ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of a negative number");
    }
  }

  private static AuroraException powerError(String message) {
    return new AuroraException(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION, message);
  }
}
