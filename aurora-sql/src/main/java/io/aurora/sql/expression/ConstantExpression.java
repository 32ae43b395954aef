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
import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A literal. Kernels that take an operand which is a constant read {@link #longValue()} and the
 * other accessors directly, so the common {@code column op constant} shape never materializes the
 * constant. When a block is needed anyway it is built once per page size and cached (blocks are
 * immutable, so sharing the cached block between pages and threads is safe).
 *
 * <p>The value is held in the representation of its physical type: ints and longs (including DATE,
 * TIMESTAMP, unscaled DECIMAL and intervals) in {@link #longValue()}, REAL and DOUBLE in {@link
 * #doubleValue()}, VARCHAR as UTF-8 in {@link #bytesValue()}.
 */
final class ConstantExpression implements Expression {
  private final DataType type;
  private final boolean isNull;
  private final long longValue;
  private final double doubleValue;
  private final boolean booleanValue;
  private final byte[] bytesValue;
  private volatile @Nullable Block cached;

  private ConstantExpression(
      DataType type,
      boolean isNull,
      long longValue,
      double doubleValue,
      boolean booleanValue,
      byte[] bytesValue) {
    this.type = requireNonNull(type, "type is null");
    this.isNull = isNull;
    this.longValue = longValue;
    this.doubleValue = doubleValue;
    this.booleanValue = booleanValue;
    this.bytesValue = bytesValue;
  }

  static ConstantExpression ofNull(DataType type) {
    return new ConstantExpression(type, true, 0, 0, false, new byte[0]);
  }

  static ConstantExpression ofLong(DataType type, long value) {
    return new ConstantExpression(type, false, value, value, value != 0, new byte[0]);
  }

  static ConstantExpression ofDouble(DataType type, double value) {
    return new ConstantExpression(type, false, (long) value, value, value != 0, new byte[0]);
  }

  static ConstantExpression ofBoolean(boolean value) {
    return new ConstantExpression(
        DataType.BOOLEAN, false, value ? 1 : 0, value ? 1 : 0, value, new byte[0]);
  }

  static ConstantExpression ofString(String value) {
    return ofBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  static ConstantExpression ofBytes(byte[] value) {
    return new ConstantExpression(DataType.VARCHAR, false, 0, 0, false, value.clone());
  }

  @Override
  public DataType type() {
    return type;
  }

  boolean isNull() {
    return isNull;
  }

  long longValue() {
    return longValue;
  }

  double doubleValue() {
    return doubleValue;
  }

  boolean booleanValue() {
    return booleanValue;
  }

  /** The UTF-8 bytes of a VARCHAR constant; not a copy, must not be modified. */
  byte[] bytesValue() {
    return bytesValue;
  }

  String stringValue() {
    return new String(bytesValue, StandardCharsets.UTF_8);
  }

  @Override
  public Block evaluate(Page page) {
    int count = page.positionCount();
    Block block = cached;
    if (block == null || block.positionCount() != count) {
      block = materialize(count);
      cached = block;
    }
    return block;
  }

  private Block materialize(int count) {
    boolean[] nulls = null;
    if (isNull) {
      nulls = new boolean[count];
      Arrays.fill(nulls, true);
    }
    switch (type.physicalType()) {
      case BOOLEAN -> {
        boolean[] values = new boolean[count];
        if (!isNull && booleanValue) {
          Arrays.fill(values, true);
        }
        return new BooleanBlock(count, values, nulls);
      }
      case INT -> {
        int[] values = new int[count];
        Arrays.fill(values, isNull ? 0 : (int) longValue);
        return new IntBlock(count, values, nulls);
      }
      case LONG -> {
        long[] values = new long[count];
        Arrays.fill(values, isNull ? 0 : longValue);
        return new LongBlock(count, values, nulls);
      }
      case FLOAT -> {
        float[] values = new float[count];
        Arrays.fill(values, isNull ? 0 : (float) doubleValue);
        return new FloatBlock(count, values, nulls);
      }
      case DOUBLE -> {
        double[] values = new double[count];
        Arrays.fill(values, isNull ? 0 : doubleValue);
        return new DoubleBlock(count, values, nulls);
      }
      case VARCHAR -> {
        int length = isNull ? 0 : bytesValue.length;
        byte[] bytes = new byte[Math.max(1, length * count)];
        int[] offsets = new int[count + 1];
        for (int i = 0; i < count; i++) {
          System.arraycopy(bytesValue, 0, bytes, i * length, length);
          offsets[i + 1] = (i + 1) * length;
        }
        return new VarcharBlock(count, bytes, offsets, nulls);
      }
    }
    throw new AssertionError(type);
  }

  @Override
  public String toString() {
    return isNull
        ? "NULL"
        : type
            + ":"
            + (type.physicalType() == io.aurora.storage.type.PhysicalType.VARCHAR
                ? stringValue()
                : type.physicalType() == io.aurora.storage.type.PhysicalType.DOUBLE
                        || type.physicalType() == io.aurora.storage.type.PhysicalType.FLOAT
                    ? Double.toString(doubleValue)
                    : Long.toString(longValue));
  }
}
