package io.aurora.storage.block;

import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Builds a block one value at a time, growing its arrays as needed. The typed subclasses have
 * allocation-free {@code append} methods for writers; {@link #appendObject(Object)} converts Java
 * objects and is meant for tests, tools and literal values.
 *
 * <p>A builder is not thread-safe. {@link #build()} hands the arrays to the block; the builder must
 * not be used afterwards.
 */
public abstract sealed class BlockBuilder
    permits BlockBuilder.BooleanBuilder,
        BlockBuilder.IntBuilder,
        BlockBuilder.LongBuilder,
        BlockBuilder.FloatBuilder,
        BlockBuilder.DoubleBuilder,
        BlockBuilder.VarcharBuilder {

  protected int positionCount;
  protected boolean @Nullable [] nulls;

  /** A builder for values of the given type. */
  public static BlockBuilder forType(DataType type, int expectedPositions) {
    return switch (type.physicalType()) {
      case BOOLEAN -> new BooleanBuilder(expectedPositions);
      case INT -> new IntBuilder(expectedPositions);
      case LONG -> new LongBuilder(expectedPositions);
      case FLOAT -> new FloatBuilder(expectedPositions);
      case DOUBLE -> new DoubleBuilder(expectedPositions);
      case VARCHAR -> new VarcharBuilder(expectedPositions);
    };
  }

  public int positionCount() {
    return positionCount;
  }

  public final void appendNull() {
    ensureCapacity(positionCount + 1);
    if (nulls == null) {
      nulls = new boolean[capacity()];
    } else if (nulls.length < capacity()) {
      nulls = Arrays.copyOf(nulls, capacity());
    }
    nulls[positionCount] = true;
    appendDefault();
  }

  /**
   * Appends a Java value: Boolean; Integer or any Number for SMALLINT, INTEGER and DATE, or a
   * LocalDate; Long or Number for BIGINT and TIMESTAMP, or an Instant; a BigDecimal or unscaled
   * Long for DECIMAL; Float, Double; String; or null.
   */
  public abstract void appendObject(@Nullable Object value, DataType type);

  /**
   * Copies the value at {@code position} of {@code block}, which must be of this builder's kind.
   */
  public abstract void appendFrom(Block block, int position);

  public abstract Block build();

  protected abstract int capacity();

  protected abstract void ensureCapacity(int positions);

  /** Appends the zero value at a null position. */
  protected abstract void appendDefault();

  protected static int grow(int current, int needed) {
    return Math.max(needed, Math.max(16, current + (current >> 1)));
  }

  protected boolean @Nullable [] nullsForBuild() {
    return nulls == null ? null : Arrays.copyOf(nulls, positionCount);
  }

  protected void markNotNull() {
    if (nulls != null && nulls.length < capacity()) {
      nulls = Arrays.copyOf(nulls, capacity());
    }
  }

  public static final class BooleanBuilder extends BlockBuilder {
    private boolean[] values;

    public BooleanBuilder(int expectedPositions) {
      values = new boolean[Math.max(1, expectedPositions)];
    }

    public void append(boolean value) {
      ensureCapacity(positionCount + 1);
      markNotNull();
      values[positionCount++] = value;
    }

    @Override
    public void appendObject(@Nullable Object value, DataType type) {
      if (value == null) {
        appendNull();
      } else {
        append((Boolean) value);
      }
    }

    @Override
    public void appendFrom(Block block, int position) {
      if (block.isNull(position)) {
        appendNull();
      } else {
        append(((BooleanBlock) block).value(position));
      }
    }

    @Override
    public BooleanBlock build() {
      return new BooleanBlock(positionCount, values, nullsForBuild());
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    protected void ensureCapacity(int positions) {
      if (positions > values.length) {
        values = Arrays.copyOf(values, grow(values.length, positions));
      }
    }

    @Override
    protected void appendDefault() {
      values[positionCount++] = false;
    }
  }

  public static final class IntBuilder extends BlockBuilder {
    private int[] values;

    public IntBuilder(int expectedPositions) {
      values = new int[Math.max(1, expectedPositions)];
    }

    public void append(int value) {
      ensureCapacity(positionCount + 1);
      markNotNull();
      values[positionCount++] = value;
    }

    @Override
    public void appendObject(@Nullable Object value, DataType type) {
      if (value == null) {
        appendNull();
      } else if (value instanceof LocalDate date) {
        append(Math.toIntExact(date.toEpochDay()));
      } else {
        append(((Number) value).intValue());
      }
    }

    @Override
    public void appendFrom(Block block, int position) {
      if (block.isNull(position)) {
        appendNull();
      } else {
        append(((IntBlock) block).value(position));
      }
    }

    @Override
    public IntBlock build() {
      return new IntBlock(positionCount, values, nullsForBuild());
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    protected void ensureCapacity(int positions) {
      if (positions > values.length) {
        values = Arrays.copyOf(values, grow(values.length, positions));
      }
    }

    @Override
    protected void appendDefault() {
      values[positionCount++] = 0;
    }
  }

  public static final class LongBuilder extends BlockBuilder {
    private long[] values;

    public LongBuilder(int expectedPositions) {
      values = new long[Math.max(1, expectedPositions)];
    }

    public void append(long value) {
      ensureCapacity(positionCount + 1);
      markNotNull();
      values[positionCount++] = value;
    }

    @Override
    public void appendObject(@Nullable Object value, DataType type) {
      if (value == null) {
        appendNull();
      } else if (value instanceof Instant instant) {
        append(
            Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000));
      } else if (value instanceof BigDecimal decimal) {
        append(decimal.setScale(type.scale()).unscaledValue().longValueExact());
      } else {
        append(((Number) value).longValue());
      }
    }

    @Override
    public void appendFrom(Block block, int position) {
      if (block.isNull(position)) {
        appendNull();
      } else {
        append(((LongBlock) block).value(position));
      }
    }

    @Override
    public LongBlock build() {
      return new LongBlock(positionCount, values, nullsForBuild());
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    protected void ensureCapacity(int positions) {
      if (positions > values.length) {
        values = Arrays.copyOf(values, grow(values.length, positions));
      }
    }

    @Override
    protected void appendDefault() {
      values[positionCount++] = 0;
    }
  }

  public static final class FloatBuilder extends BlockBuilder {
    private float[] values;

    public FloatBuilder(int expectedPositions) {
      values = new float[Math.max(1, expectedPositions)];
    }

    public void append(float value) {
      ensureCapacity(positionCount + 1);
      markNotNull();
      values[positionCount++] = value;
    }

    @Override
    public void appendObject(@Nullable Object value, DataType type) {
      if (value == null) {
        appendNull();
      } else {
        append(((Number) value).floatValue());
      }
    }

    @Override
    public void appendFrom(Block block, int position) {
      if (block.isNull(position)) {
        appendNull();
      } else {
        append(((FloatBlock) block).value(position));
      }
    }

    @Override
    public FloatBlock build() {
      return new FloatBlock(positionCount, values, nullsForBuild());
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    protected void ensureCapacity(int positions) {
      if (positions > values.length) {
        values = Arrays.copyOf(values, grow(values.length, positions));
      }
    }

    @Override
    protected void appendDefault() {
      values[positionCount++] = 0;
    }
  }

  public static final class DoubleBuilder extends BlockBuilder {
    private double[] values;

    public DoubleBuilder(int expectedPositions) {
      values = new double[Math.max(1, expectedPositions)];
    }

    public void append(double value) {
      ensureCapacity(positionCount + 1);
      markNotNull();
      values[positionCount++] = value;
    }

    @Override
    public void appendObject(@Nullable Object value, DataType type) {
      if (value == null) {
        appendNull();
      } else {
        append(((Number) value).doubleValue());
      }
    }

    @Override
    public void appendFrom(Block block, int position) {
      if (block.isNull(position)) {
        appendNull();
      } else {
        append(((DoubleBlock) block).value(position));
      }
    }

    @Override
    public DoubleBlock build() {
      return new DoubleBlock(positionCount, values, nullsForBuild());
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    protected void ensureCapacity(int positions) {
      if (positions > values.length) {
        values = Arrays.copyOf(values, grow(values.length, positions));
      }
    }

    @Override
    protected void appendDefault() {
      values[positionCount++] = 0;
    }
  }

  /** Builds a {@link VarcharBlock}; {@link #appendFrom} also accepts a {@link DictionaryBlock}. */
  public static final class VarcharBuilder extends BlockBuilder {
    private byte[] bytes;
    private int[] offsets;
    private int byteCount;

    public VarcharBuilder(int expectedPositions) {
      offsets = new int[Math.max(1, expectedPositions) + 1];
      bytes = new byte[Math.max(16, expectedPositions * 8)];
    }

    public void append(String value) {
      append(value.getBytes(StandardCharsets.UTF_8));
    }

    public void append(byte[] value) {
      append(value, 0, value.length);
    }

    public void append(byte[] source, int offset, int length) {
      ensureCapacity(positionCount + 1);
      markNotNull();
      if (byteCount + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, grow(bytes.length, byteCount + length));
      }
      System.arraycopy(source, offset, bytes, byteCount, length);
      byteCount += length;
      offsets[++positionCount] = byteCount;
    }

    @Override
    public void appendObject(@Nullable Object value, DataType type) {
      if (value == null) {
        appendNull();
      } else {
        append((String) value);
      }
    }

    @Override
    public void appendFrom(Block block, int position) {
      if (block.isNull(position)) {
        appendNull();
      } else if (block instanceof DictionaryBlock dictionaryBlock) {
        VarcharBlock dictionary = dictionaryBlock.dictionary();
        int id = dictionaryBlock.id(position);
        append(dictionary.bytes(), dictionary.offset(id), dictionary.length(id));
      } else {
        VarcharBlock varchar = (VarcharBlock) block;
        append(varchar.bytes(), varchar.offset(position), varchar.length(position));
      }
    }

    @Override
    public VarcharBlock build() {
      return new VarcharBlock(positionCount, bytes, offsets, nullsForBuild());
    }

    @Override
    protected int capacity() {
      return offsets.length - 1;
    }

    @Override
    protected void ensureCapacity(int positions) {
      if (positions + 1 > offsets.length) {
        offsets = Arrays.copyOf(offsets, grow(offsets.length, positions + 1));
      }
    }

    @Override
    protected void appendDefault() {
      offsets[++positionCount] = byteCount;
    }
  }
}
