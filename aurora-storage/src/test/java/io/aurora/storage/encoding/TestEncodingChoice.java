package io.aurora.storage.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.PhysicalType;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestEncodingChoice {
  private static final int ROWS = 65_536;

  @Test
  void sortedTimestampsPickDelta() {
    long[] values = new long[ROWS];
    SplittableRandom random = new SplittableRandom(42);
    long timestamp = 1_704_067_200_000_000L;
    for (int i = 0; i < ROWS; i++) {
      timestamp += random.nextInt(1_000);
      values[i] = timestamp;
    }
    EncodedBlock encoded = ColumnEncoder.encode(new LongBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.DELTA);
    // 10 bits a delta, plus the null flag, the first value, the base and the width.
    assertThat(encoded.length()).isEqualTo(1 + 8 + 8 + 1 + (ROWS - 1) * 10 / 8 + 1);
    assertRoundTrips(encoded, PhysicalType.LONG, ROWS);
  }

  @Test
  void constantBlockIsAFewBytes() {
    long[] values = new long[ROWS];
    Arrays.fill(values, -7L);
    EncodedBlock encoded = ColumnEncoder.encode(new LongBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.BIT_PACKED);
    assertThat(encoded.length()).isEqualTo(1 + 8 + 1);
    assertRoundTrips(encoded, PhysicalType.LONG, ROWS);
  }

  @Test
  void randomLongsPickPlain() {
    long[] values = new SplittableRandom(7).longs(ROWS).toArray();
    EncodedBlock encoded = ColumnEncoder.encode(new LongBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.PLAIN);
    assertThat(encoded.length()).isEqualTo(1 + 8 * ROWS);
  }

  @Test
  void fullLongRangeUsesSixtyFourBits() {
    long[] values = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
    LongBlock block = new LongBlock(values.length, values, null);
    for (Encoding encoding : new Encoding[] {Encoding.BIT_PACKED, Encoding.DELTA}) {
      EncodedBlock encoded = ColumnEncoder.encode(block, encoding);
      LongBlock decoded =
          (LongBlock)
              ColumnDecoder.decode(
                  encoding, PhysicalType.LONG, encoded.bytes(), 0, encoded.length(), 4);
      assertThat(decoded.values()).containsExactly(values);
    }
  }

  @Test
  void smallRangePicksBitPacked() {
    int[] values = new SplittableRandom(3).ints(ROWS, 1000, 1016).toArray();
    EncodedBlock encoded = ColumnEncoder.encode(new IntBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.BIT_PACKED);
    assertThat(encoded.length()).isEqualTo(1 + 4 + 1 + ROWS / 2);
  }

  @Test
  void longRunsPickRunLength() {
    int[] values = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      values[i] = (i / 4096) * 1_000_003;
    }
    EncodedBlock encoded = ColumnEncoder.encode(new IntBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.RUN_LENGTH);
    assertThat(encoded.length()).isLessThan(64);
    assertRoundTrips(encoded, PhysicalType.INT, ROWS);
  }

  @Test
  void constantDoublesPackToWidthZero() {
    double[] values = new double[ROWS];
    Arrays.fill(values, Double.NaN);
    EncodedBlock encoded = ColumnEncoder.encode(new DoubleBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.BIT_PACKED);
    assertThat(encoded.length()).isLessThan(16);
  }

  @Test
  void pricesOfOneMagnitudeAreBitPackedNotRunLength() {
    double[] values = new double[ROWS];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < ROWS; i++) {
      values[i] = 1000 + random.nextInt(1000) / 100.0;
    }
    EncodedBlock encoded = ColumnEncoder.encode(new DoubleBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.BIT_PACKED);
    assertThat(encoded.length()).isLessThan(ROWS * 8);
  }

  @Test
  void booleansTakeOneBitEach() {
    boolean[] values = new boolean[ROWS];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < ROWS; i++) {
      values[i] = random.nextBoolean();
    }
    EncodedBlock encoded = ColumnEncoder.encode(new BooleanBlock(ROWS, values, null));

    assertThat(encoded.encoding()).isEqualTo(Encoding.BIT_PACKED);
    assertThat(encoded.length()).isEqualTo(1 + 4 + 1 + ROWS / 8);
  }

  @Test
  void nullsFollowTheFlagByteAsABitmap() {
    boolean[] nulls = {false, true, false, false, false, false, false, false, true};
    IntBlock block = new IntBlock(9, new int[] {5, 0, 5, 5, 5, 5, 5, 5, 0}, nulls);
    EncodedBlock encoded = ColumnEncoder.encode(block);

    assertThat(encoded.encoding()).isEqualTo(Encoding.BIT_PACKED);
    // Flag, two bitmap bytes, then the nulls filled with 5 leave a constant: base 5, width 0.
    assertThat(Arrays.copyOf(encoded.bytes(), encoded.length()))
        .containsExactly(1, 0b10, 0b1, 5, 0, 0, 0, 0);
    assertRoundTrips(encoded, PhysicalType.INT, 9);
  }

  @Test
  void fixedLengthStringsPackTheirLengthsToNothing() {
    VarcharBlock block = VarcharBlock.of("abc", "def", "ghi");
    EncodedBlock encoded = ColumnEncoder.encode(block);

    assertThat(encoded.encoding()).isEqualTo(Encoding.PLAIN);
    assertThat(encoded.length()).isEqualTo(1 + 4 + 1 + 9);
  }

  @Test
  void dictionaryIsReservedForTheSegmentWriter() {
    IntBlock block = new IntBlock(1, new int[] {1}, null);
    assertThatThrownBy(() -> ColumnEncoder.encode(block, Encoding.DICTIONARY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ColumnDecoder.decode(
                    Encoding.DICTIONARY, PhysicalType.INT, new byte[] {0}, 0, 1, 0))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
  }

  @Test
  void leftoverBytesAreCorrupt() {
    EncodedBlock encoded = ColumnEncoder.encode(new IntBlock(1, new int[] {9}, null));
    byte[] longer = Arrays.copyOf(encoded.bytes(), encoded.length() + 1);
    assertThatThrownBy(
            () ->
                ColumnDecoder.decode(
                    encoded.encoding(), PhysicalType.INT, longer, 0, longer.length, 1))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("leftover bytes[1]");
  }

  private static void assertRoundTrips(EncodedBlock encoded, PhysicalType type, int count) {
    Block decoded =
        ColumnDecoder.decode(encoded.encoding(), type, encoded.bytes(), 0, encoded.length(), count);
    assertThat(decoded.positionCount()).isEqualTo(count);
    assertThat(ColumnEncoder.encode(decoded, encoded.encoding()).bytes())
        .isEqualTo(Arrays.copyOf(encoded.bytes(), encoded.length()));
  }
}
