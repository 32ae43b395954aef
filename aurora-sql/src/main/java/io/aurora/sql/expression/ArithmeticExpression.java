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
import org.jspecify.annotations.Nullable;

/**
 * {@code + - * / %} on numbers, with PostgreSQL's errors: integer overflow raises {@code 22003}
 * ("integer out of range"), division by zero raises {@code 22012} for integers, decimals and
 * floating point alike, integer division truncates toward zero, and a finite float operation that
 * overflows to infinity raises {@code 22003}.
 *
 * <p>Both operands have the physical type of the result (the compiler casts them first); DECIMAL
 * operands keep their own scales and are aligned here. A constant right operand is read as a
 * scalar, so {@code column op constant} allocates only the result. Errors are raised only for rows
 * of the page whose operands are not null.
 */
final class ArithmeticExpression implements Expression {
  enum Operator {
    ADD,
    SUBTRACT,
    MULTIPLY,
    DIVIDE,
    MODULUS
  }

  private final Operator operator;
  private final Expression left;
  private final Expression right;
  private final DataType type;
  private final @Nullable ConstantExpression constant;

  ArithmeticExpression(Operator operator, Expression left, Expression right, DataType type) {
    this.operator = requireNonNull(operator, "operator is null");
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
    this.type = requireNonNull(type, "type is null");
    this.constant = right instanceof ConstantExpression c ? c : null;
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    if (constant != null && constant.isNull()) {
      return ConstantExpression.ofNull(type).evaluate(page);
    }
    Block leftBlock = left.evaluate(page);
    Block rightBlock = constant == null ? right.evaluate(page) : null;
    boolean[] nulls =
        Rows.union(page, leftBlock.nulls(), rightBlock == null ? null : rightBlock.nulls());
    return switch (type.kind()) {
      case SMALLINT, INTEGER -> ints(page, (IntBlock) leftBlock, (IntBlock) rightBlock, nulls);
      case BIGINT -> longs(page, (LongBlock) leftBlock, (LongBlock) rightBlock, nulls);
      case DECIMAL -> decimals(page, (LongBlock) leftBlock, (LongBlock) rightBlock, nulls);
      case DOUBLE -> doubles(page, (DoubleBlock) leftBlock, (DoubleBlock) rightBlock, nulls);
      case REAL -> floats(page, (FloatBlock) leftBlock, (FloatBlock) rightBlock, nulls);
      default ->
          throw new AuroraException(
              ErrorCode.FEATURE_NOT_SUPPORTED, "Arithmetic on type[" + type + "] is not supported");
    };
  }

  static AuroraException divisionByZero() {
    return new AuroraException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
  }

  static AuroraException outOfRange(DataType type) {
    String name =
        switch (type.kind()) {
          case SMALLINT -> "smallint";
          case INTEGER -> "integer";
          case BIGINT -> "bigint";
          default -> type.toString().toLowerCase(java.util.Locale.ROOT);
        };
    return new AuroraException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, name + " out of range");
  }

  private IntBlock ints(
      Page page, IntBlock leftBlock, @Nullable IntBlock rightBlock, boolean @Nullable [] nulls) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    int[] a = leftBlock.values();
    int[] b = rightBlock == null ? null : rightBlock.values();
    long c = constant == null ? 0 : constant.longValue();
    long min = type.kind() == TypeKind.SMALLINT ? Short.MIN_VALUE : Integer.MIN_VALUE;
    long max = type.kind() == TypeKind.SMALLINT ? Short.MAX_VALUE : Integer.MAX_VALUE;
    int[] out = new int[page.positionCount()];
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        continue;
      }
      long x = a[p];
      long y = b == null ? c : b[p];
      long value =
          switch (operator) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> {
              if (y == 0) {
                throw divisionByZero();
              }
              yield x / y;
            }
            case MODULUS -> {
              if (y == 0) {
                throw divisionByZero();
              }
              yield x % y;
            }
          };
      if (value < min || value > max) {
        throw outOfRange(type);
      }
      out[p] = (int) value;
    }
    return new IntBlock(page.positionCount(), out, nulls);
  }

  private LongBlock longs(
      Page page, LongBlock leftBlock, @Nullable LongBlock rightBlock, boolean @Nullable [] nulls) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    long[] a = leftBlock.values();
    long[] b = rightBlock == null ? null : rightBlock.values();
    long c = constant == null ? 0 : constant.longValue();
    long[] out = new long[page.positionCount()];
    try {
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        if (nulls != null && nulls[p]) {
          continue;
        }
        long x = a[p];
        long y = b == null ? c : b[p];
        out[p] =
            switch (operator) {
              case ADD -> Math.addExact(x, y);
              case SUBTRACT -> Math.subtractExact(x, y);
              case MULTIPLY -> Math.multiplyExact(x, y);
              case DIVIDE -> {
                if (y == 0) {
                  throw divisionByZero();
                }
                if (x == Long.MIN_VALUE && y == -1) {
                  throw outOfRange(type);
                }
                yield x / y;
              }
              case MODULUS -> {
                if (y == 0) {
                  throw divisionByZero();
                }
                yield x % y;
              }
            };
      }
    } catch (ArithmeticException e) {
      throw outOfRange(type);
    }
    return new LongBlock(page.positionCount(), out, nulls);
  }

  private LongBlock decimals(
      Page page, LongBlock leftBlock, @Nullable LongBlock rightBlock, boolean @Nullable [] nulls) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    long[] a = leftBlock.values();
    long[] b = rightBlock == null ? null : rightBlock.values();
    long c = constant == null ? 0 : constant.longValue();
    int leftScale = left.type().scale();
    int rightScale = right.type().scale();
    int scale = type.scale();
    int precision = type.precision();
    int alignedScale = Math.max(leftScale, rightScale);
    long[] out = new long[page.positionCount()];
    try {
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        if (nulls != null && nulls[p]) {
          continue;
        }
        long x = a[p];
        long y = b == null ? c : b[p];
        long value =
            switch (operator) {
              case ADD ->
                  Decimals.rescale(
                      Math.addExact(
                          Decimals.rescale(x, leftScale, alignedScale),
                          Decimals.rescale(y, rightScale, alignedScale)),
                      alignedScale,
                      scale);
              case SUBTRACT ->
                  Decimals.rescale(
                      Math.subtractExact(
                          Decimals.rescale(x, leftScale, alignedScale),
                          Decimals.rescale(y, rightScale, alignedScale)),
                      alignedScale,
                      scale);
              case MULTIPLY -> Decimals.multiply(x, y, leftScale + rightScale, scale);
              case DIVIDE -> {
                if (y == 0) {
                  throw divisionByZero();
                }
                yield Decimals.divide(x, leftScale, y, rightScale, scale);
              }
              case MODULUS -> {
                if (y == 0) {
                  throw divisionByZero();
                }
                yield Decimals.rescale(
                    Decimals.rescale(x, leftScale, alignedScale)
                        % Decimals.rescale(y, rightScale, alignedScale),
                    alignedScale,
                    scale);
              }
            };
        out[p] = Decimals.checkPrecision(value, precision);
      }
    } catch (ArithmeticException e) {
      throw Decimals.overflow();
    }
    return new LongBlock(page.positionCount(), out, nulls);
  }

  private DoubleBlock doubles(
      Page page,
      DoubleBlock leftBlock,
      @Nullable DoubleBlock rightBlock,
      boolean @Nullable [] nulls) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    double[] a = leftBlock.values();
    double[] b = rightBlock == null ? null : rightBlock.values();
    double c = constant == null ? 0 : constant.doubleValue();
    double[] out = new double[page.positionCount()];
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        continue;
      }
      double x = a[p];
      double y = b == null ? c : b[p];
      double value = apply(x, y);
      if (Double.isInfinite(value) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
        throw floatOverflow();
      }
      out[p] = value;
    }
    return new DoubleBlock(page.positionCount(), out, nulls);
  }

  private FloatBlock floats(
      Page page,
      FloatBlock leftBlock,
      @Nullable FloatBlock rightBlock,
      boolean @Nullable [] nulls) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    float[] a = leftBlock.values();
    float[] b = rightBlock == null ? null : rightBlock.values();
    float c = constant == null ? 0 : (float) constant.doubleValue();
    float[] out = new float[page.positionCount()];
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        continue;
      }
      float x = a[p];
      float y = b == null ? c : b[p];
      float value = (float) apply(x, y);
      if (Float.isInfinite(value) && !Float.isInfinite(x) && !Float.isInfinite(y)) {
        throw floatOverflow();
      }
      out[p] = value;
    }
    return new FloatBlock(page.positionCount(), out, nulls);
  }

  private double apply(double x, double y) {
    return switch (operator) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE -> {
        if (y == 0) {
          throw divisionByZero();
        }
        yield x / y;
      }
      case MODULUS -> {
        if (y == 0) {
          throw divisionByZero();
        }
        yield x % y;
      }
    };
  }

  static AuroraException floatOverflow() {
    return new AuroraException(
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
  }
}
