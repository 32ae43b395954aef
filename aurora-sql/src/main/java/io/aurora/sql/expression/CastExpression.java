package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * {@code CAST} between any two types, as PostgreSQL converts them:
 *
 * <ul>
 *   <li>Numbers to integers check the range ({@code 22003}); floating point values round half to
 *       even (PostgreSQL uses {@code rint}), decimals round half away from zero.
 *   <li>Text to numbers, dates, timestamps and booleans parses the trimmed text; bad text raises
 *       {@code 22P02} with PostgreSQL's message, e.g. {@code invalid input syntax for type integer:
 *       "abc"}.
 *   <li>Values to text use PostgreSQL's output formats ({@link TextFormats}); booleans become
 *       {@code true} and {@code false}. A cast to {@code VARCHAR(n)} truncates to n characters.
 *   <li>DATE to TIMESTAMP is midnight; TIMESTAMP to DATE drops the time of day.
 * </ul>
 *
 * Conversions that need parsing or formatting allocate per row; the numeric ones do not.
 */
final class CastExpression implements Expression {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final Expression input;
  private final DataType type;
  private final int length;
  private final long min;
  private final long max;

  CastExpression(Expression input, DataType type) {
    this(input, type, -1);
  }

  /** A cast; {@code length} is the n of VARCHAR(n), or -1. */
  CastExpression(Expression input, DataType type, int length) {
    this(input, type, length, minimum(type), maximum(type));
  }

  CastExpression(Expression input, DataType type, int length, long min, long max) {
    this.input = requireNonNull(input, "input is null");
    this.type = requireNonNull(type, "type is null");
    this.length = length;
    this.min = min;
    this.max = max;
  }

  private static long minimum(DataType type) {
    return switch (type.kind()) {
      case SMALLINT -> Short.MIN_VALUE;
      case INTEGER, DATE -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  private static long maximum(DataType type) {
    return switch (type.kind()) {
      case SMALLINT -> Short.MAX_VALUE;
      case INTEGER, DATE -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  Expression input() {
    return input;
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = input.evaluate(page);
    DataType source = input.type();
    boolean[] nulls = block.nulls();
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    int positionCount = page.positionCount();
    switch (type.physicalType()) {
      case BOOLEAN -> {
        boolean[] out = new boolean[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls == null || !nulls[p]) {
            out[p] =
                source.kind() == TypeKind.VARCHAR
                    ? TextFormats.parseBoolean(string(block, p))
                    : readLong(block, source, p) != 0;
          }
        }
        return new BooleanBlock(positionCount, out, nulls);
      }
      case INT -> {
        int[] out = new int[positionCount];
        if (block instanceof IntBlock ints
            && source.kind() != TypeKind.DATE
            && type.kind() != TypeKind.DATE) {
          int[] values = ints.values();
          for (int i = 0; i < count; i++) {
            int p = positions[i];
            int value = values[p];
            if (value < min || value > max) {
              if (nulls == null || !nulls[p]) {
                throw ArithmeticExpression.outOfRange(type);
              }
            }
            out[p] = value;
          }
          return new IntBlock(positionCount, out, nulls);
        }
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls == null || !nulls[p]) {
            out[p] = (int) toLong(block, source, p);
          }
        }
        return new IntBlock(positionCount, out, nulls);
      }
      case LONG -> {
        long[] out = new long[positionCount];
        if (block instanceof IntBlock ints
            && type.kind() == TypeKind.BIGINT
            && source.kind() != TypeKind.DATE) {
          int[] values = ints.values();
          for (int i = 0; i < count; i++) {
            int p = positions[i];
            out[p] = values[p];
          }
          return new LongBlock(positionCount, out, nulls);
        }
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls == null || !nulls[p]) {
            out[p] = toLong(block, source, p);
          }
        }
        return new LongBlock(positionCount, out, nulls);
      }
      case FLOAT -> {
        float[] out = new float[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls == null || !nulls[p]) {
            double value = toDouble(block, source, p);
            float narrowed = (float) value;
            if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
              throw ArithmeticExpression.floatOverflow();
            }
            out[p] = narrowed;
          }
        }
        return new FloatBlock(positionCount, out, nulls);
      }
      case DOUBLE -> {
        double[] out = new double[positionCount];
        if (block instanceof IntBlock ints && source.kind() != TypeKind.DATE) {
          int[] values = ints.values();
          for (int i = 0; i < count; i++) {
            int p = positions[i];
            out[p] = values[p];
          }
          return new DoubleBlock(positionCount, out, nulls);
        }
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          if (nulls == null || !nulls[p]) {
            out[p] = toDouble(block, source, p);
          }
        }
        return new DoubleBlock(positionCount, out, nulls);
      }
      case VARCHAR -> {
        return toVarchar(page, block, source);
      }
    }
    throw new AssertionError(type);
  }

  private static String string(Block block, int position) {
    VarcharBlock strings = Rows.stringValues(block);
    int[] ids = Rows.stringIds(block);
    return strings.string(ids == null ? position : ids[position]);
  }

  private static long readLong(Block block, DataType source, int p) {
    return switch (source.physicalType()) {
      case BOOLEAN -> ((BooleanBlock) block).value(p) ? 1 : 0;
      case INT -> ((IntBlock) block).value(p);
      case LONG -> ((LongBlock) block).value(p);
      case FLOAT -> (long) ((FloatBlock) block).value(p);
      case DOUBLE -> (long) ((DoubleBlock) block).value(p);
      case VARCHAR -> throw new AssertionError(source);
    };
  }

  private static double readDouble(Block block, DataType source, int p) {
    return switch (source.physicalType()) {
      case FLOAT -> ((FloatBlock) block).value(p);
      case DOUBLE -> ((DoubleBlock) block).value(p);
      default -> {
        long value = readLong(block, source, p);
        yield source.kind() == TypeKind.DECIMAL
            ? (double) value / Decimals.powerOfTen(source.scale())
            : (double) value;
      }
    };
  }

  /** The value at {@code p} in the representation of this cast's INT or LONG target type. */
  private long toLong(Block block, DataType source, int p) {
    TypeKind target = type.kind();
    if (source.kind() == TypeKind.VARCHAR) {
      String text = string(block, p);
      return switch (target) {
        case DATE -> TextFormats.parseDate(text);
        case TIMESTAMP -> TextFormats.parseTimestamp(text);
        case DECIMAL -> {
          BigDecimal value = TextFormats.parseDecimal(text, type);
          yield Decimals.checkPrecision(
              Decimals.fromBigDecimal(value, type.scale()), type.precision());
        }
        default -> {
          long value = TextFormats.parseLong(text, type);
          if (value < min || value > max) {
            throw TextFormats.outOfRange(text, type);
          }
          yield value;
        }
      };
    }
    if (target == TypeKind.DATE || target == TypeKind.TIMESTAMP) {
      return dateTime(readLong(block, source, p), source.kind(), target);
    }
    if (target == TypeKind.DECIMAL) {
      long value;
      if (source.physicalType() == PhysicalType.FLOAT
          || source.physicalType() == PhysicalType.DOUBLE) {
        double d = readDouble(block, source, p);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw Decimals.overflow();
        }
        value = Decimals.fromBigDecimal(BigDecimal.valueOf(d), type.scale());
      } else {
        int fromScale = source.kind() == TypeKind.DECIMAL ? source.scale() : 0;
        value = Decimals.rescale(readLong(block, source, p), fromScale, type.scale());
      }
      return Decimals.checkPrecision(value, type.precision());
    }
    long value;
    if (source.physicalType() == PhysicalType.FLOAT
        || source.physicalType() == PhysicalType.DOUBLE) {
      double d = Math.rint(readDouble(block, source, p));
      if (Double.isNaN(d) || d < min || d > max || d >= 0x1p63) {
        throw ArithmeticExpression.outOfRange(type);
      }
      value = (long) d;
    } else if (source.kind() == TypeKind.DECIMAL) {
      value = Decimals.rescale(readLong(block, source, p), source.scale(), 0);
    } else {
      value = readLong(block, source, p);
    }
    if (value < min || value > max) {
      throw ArithmeticExpression.outOfRange(type);
    }
    return value;
  }

  private static long dateTime(long value, TypeKind source, TypeKind target) {
    if (source == target) {
      return value;
    }
    if (source == TypeKind.DATE && target == TypeKind.TIMESTAMP) {
      return value * MICROS_PER_DAY;
    }
    if (source == TypeKind.TIMESTAMP && target == TypeKind.DATE) {
      return Math.floorDiv(value, MICROS_PER_DAY);
    }
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED,
        "Cast from[" + source + "] to[" + target + "] is not supported");
  }

  private double toDouble(Block block, DataType source, int p) {
    if (source.kind() == TypeKind.VARCHAR) {
      return TextFormats.parseDouble(string(block, p), type);
    }
    if (source.kind() == TypeKind.DATE || source.kind() == TypeKind.TIMESTAMP) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "Cast from[" + source + "] to[" + type + "] is not supported");
    }
    return readDouble(block, source, p);
  }

  private Block toVarchar(Page page, Block block, DataType source) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    VarcharOutput out = new VarcharOutput(page.positionCount(), count * 8);
    boolean[] nulls = block.nulls();
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        out.appendNull(p);
        continue;
      }
      if (source.kind() == TypeKind.VARCHAR) {
        VarcharBlock strings = Rows.stringValues(block);
        int[] ids = Rows.stringIds(block);
        int index = ids == null ? p : ids[p];
        int start = strings.offset(index);
        int end = strings.offset(index + 1);
        if (length >= 0) {
          end = StringFunctions.advance(strings.bytes(), start, end, length);
        }
        out.append(p, strings.bytes(), start, end - start);
        continue;
      }
      String text =
          switch (source.kind()) {
            case BOOLEAN -> ((BooleanBlock) block).value(p) ? "true" : "false";
            case SMALLINT, INTEGER -> Integer.toString(((IntBlock) block).value(p));
            case BIGINT -> Long.toString(((LongBlock) block).value(p));
            case DECIMAL -> TextFormats.formatDecimal(((LongBlock) block).value(p), source.scale());
            case REAL -> TextFormats.formatReal(((FloatBlock) block).value(p));
            case DOUBLE -> TextFormats.formatDouble(((DoubleBlock) block).value(p));
            case DATE -> TextFormats.formatDate(((IntBlock) block).value(p));
            case TIMESTAMP -> TextFormats.formatTimestamp(((LongBlock) block).value(p));
            case VARCHAR -> throw new AssertionError();
          };
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      int end =
          length >= 0 ? StringFunctions.advance(bytes, 0, bytes.length, length) : bytes.length;
      out.append(p, bytes, 0, end);
    }
    return out.build();
  }
}
