package io.aurora.storage.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import java.util.Arrays;

/** Compares a decoded block with the block that was encoded, floats by their raw bits. */
final class BlockAssertions {
  private BlockAssertions() {}

  static void assertDecodedEquals(Block expected, Block actual) {
    int count = expected.positionCount();
    assertThat(actual.positionCount()).isEqualTo(count);
    assertThat(actual.getClass()).isEqualTo(expected.getClass());
    boolean hasNull = false;
    for (int i = 0; i < count; i++) {
      hasNull |= expected.isNull(i);
    }
    if (hasNull) {
      boolean[] nulls = actual.nulls();
      assertThat(nulls).isNotNull().hasSize(count);
      assertThat(nulls).isEqualTo(Arrays.copyOf(expected.nulls(), count));
    } else {
      assertThat(actual.nulls()).isNull();
    }
    for (int i = 0; i < count; i++) {
      if (expected.isNull(i)) {
        assertZero(actual, i);
      } else {
        assertSameValue(expected, actual, i);
      }
    }
  }

  private static void assertSameValue(Block expected, Block actual, int position) {
    if (expected instanceof IntBlock ints) {
      assertThat(((IntBlock) actual).values()).hasSize(expected.positionCount());
      assertThat(((IntBlock) actual).value(position)).isEqualTo(ints.value(position));
    } else if (expected instanceof LongBlock longs) {
      assertThat(((LongBlock) actual).values()).hasSize(expected.positionCount());
      assertThat(((LongBlock) actual).value(position)).isEqualTo(longs.value(position));
    } else if (expected instanceof FloatBlock floats) {
      assertThat(((FloatBlock) actual).values()).hasSize(expected.positionCount());
      assertThat(Float.floatToRawIntBits(((FloatBlock) actual).value(position)))
          .isEqualTo(Float.floatToRawIntBits(floats.value(position)));
    } else if (expected instanceof DoubleBlock doubles) {
      assertThat(((DoubleBlock) actual).values()).hasSize(expected.positionCount());
      assertThat(Double.doubleToRawLongBits(((DoubleBlock) actual).value(position)))
          .isEqualTo(Double.doubleToRawLongBits(doubles.value(position)));
    } else if (expected instanceof BooleanBlock booleans) {
      assertThat(((BooleanBlock) actual).values()).hasSize(expected.positionCount());
      assertThat(((BooleanBlock) actual).value(position)).isEqualTo(booleans.value(position));
    } else {
      VarcharBlock strings = (VarcharBlock) expected;
      VarcharBlock decoded = (VarcharBlock) actual;
      assertThat(decoded.offsets()).hasSize(expected.positionCount() + 1);
      byte[] value =
          Arrays.copyOfRange(
              strings.bytes(), strings.offset(position), strings.offset(position + 1));
      assertThat(decoded.equalsBytes(position, value)).isTrue();
    }
  }

  private static void assertZero(Block actual, int position) {
    if (actual instanceof IntBlock ints) {
      assertThat(ints.value(position)).isZero();
    } else if (actual instanceof LongBlock longs) {
      assertThat(longs.value(position)).isZero();
    } else if (actual instanceof FloatBlock floats) {
      assertThat(Float.floatToRawIntBits(floats.value(position))).isZero();
    } else if (actual instanceof DoubleBlock doubles) {
      assertThat(Double.doubleToRawLongBits(doubles.value(position))).isZero();
    } else if (actual instanceof BooleanBlock booleans) {
      assertThat(booleans.value(position)).isFalse();
    } else {
      assertThat(((VarcharBlock) actual).length(position)).isZero();
    }
  }
}
