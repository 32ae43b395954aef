package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.util.Arrays;
import java.util.List;

/**
 * SUM of integer-like values (SMALLINT, INTEGER, BIGINT: a BIGINT result) and of decimals (the
 * unscaled values: a DECIMAL(18, s) result). Every addition is checked: a BIGINT overflow fails
 * with SQLSTATE 22003 "bigint out of range"; a decimal result with more than 18 digits fails with
 * 22003 "numeric field overflow" when the final value is produced. Intermediate layout: one column
 * of the result type, null for a group without non-null input.
 */
final class LongSumAccumulator extends Accumulator {
  private static final long MAX_DECIMAL_UNSCALED = 999_999_999_999_999_999L;

  private final int inputChannel;
  private final DataType outputType;
  private final boolean isDecimal;
  private final ValueVectors vectors = new ValueVectors();
  private long[] sums = new long[0];
  private boolean[] hasValue = new boolean[0];

  LongSumAccumulator(int inputChannel, DataType outputType, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.outputType = outputType;
    this.isDecimal = outputType.kind() == TypeKind.DECIMAL;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(outputType);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > sums.length) {
      int capacity = grownCapacity(sums.length, groupCount);
      reserve((capacity - sums.length) * 9L);
      sums = Arrays.copyOf(sums, capacity);
      hasValue = Arrays.copyOf(hasValue, capacity);
    }
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    add(groupIds, page, inputChannel);
  }

  @Override
  public void addGlobalInput(int[] zeros, Page page) {
    int rows = page.rowCount();
    long[] values = vectors.longs(page, inputChannel);
    boolean[] nulls = vectors.nulls(page, inputChannel);
    long sum = sums[0];
    boolean any = hasValue[0];
    try {
      if (nulls == null) {
        for (int row = 0; row < rows; row++) {
          sum = Math.addExact(sum, values[row]);
        }
        any |= rows > 0;
      } else {
        for (int row = 0; row < rows; row++) {
          if (!nulls[row]) {
            sum = Math.addExact(sum, values[row]);
            any = true;
          }
        }
      }
    } catch (ArithmeticException e) {
      throw overflow(e);
    }
    sums[0] = sum;
    hasValue[0] = any;
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    add(groupIds, page, firstChannel);
  }

  private void add(int[] groupIds, Page page, int channel) {
    int rows = page.rowCount();
    long[] values = vectors.longs(page, channel);
    boolean[] nulls = vectors.nulls(page, channel);
    long[] sums = this.sums;
    boolean[] hasValue = this.hasValue;
    try {
      if (nulls == null) {
        for (int row = 0; row < rows; row++) {
          int group = groupIds[row];
          sums[group] = Math.addExact(sums[group], values[row]);
          hasValue[group] = true;
        }
      } else {
        for (int row = 0; row < rows; row++) {
          if (!nulls[row]) {
            int group = groupIds[row];
            sums[group] = Math.addExact(sums[group], values[row]);
            hasValue[group] = true;
          }
        }
      }
    } catch (ArithmeticException e) {
      throw overflow(e);
    }
  }

  private AuroraException overflow(ArithmeticException cause) {
    return new AuroraException(
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        isDecimal ? "numeric field overflow" : "bigint out of range",
        cause);
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    out[offset] =
        new LongBlock(
            to - from, Arrays.copyOfRange(sums, from, to), nullsWhereMissing(hasValue, from, to));
  }

  @Override
  public Block buildFinal(int from, int to) {
    if (isDecimal) {
      for (int group = from; group < to; group++) {
        if (Math.abs(sums[group]) > MAX_DECIMAL_UNSCALED) {
          throw new AuroraException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
        }
      }
    }
    return new LongBlock(
        to - from, Arrays.copyOfRange(sums, from, to), nullsWhereMissing(hasValue, from, to));
  }
}
