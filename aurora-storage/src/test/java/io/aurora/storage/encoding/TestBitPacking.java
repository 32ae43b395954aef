package io.aurora.storage.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TestBitPacking {

  @Property
  void longsRoundTripAtEveryWidth(
      @ForAll @Size(max = 200) long[] entries,
      @ForAll @IntRange(min = 0, max = 64) int width,
      @ForAll long base) {
    long mask = width == 64 ? -1L : (1L << width) - 1;
    long[] values = new long[entries.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = base + (entries[i] & mask);
    }
    byte[] packed = new byte[(int) BitPacking.packedBytes(values.length, width) + 2];
    BitPacking.packLongs(values, values.length, base, width, packed, 1);
    assertThat(packed[0]).isZero();
    assertThat(packed[packed.length - 1]).isZero();

    long[] unpacked = new long[values.length];
    BitPacking.unpackLongs(packed, 1, values.length, width, base, unpacked);
    assertThat(unpacked).isEqualTo(values);
  }

  @Property
  void intsRoundTripAtEveryWidth(
      @ForAll @Size(max = 200) int[] entries,
      @ForAll @IntRange(min = 0, max = 32) int width,
      @ForAll int base) {
    int mask = width == 32 ? -1 : (1 << width) - 1;
    int[] values = new int[entries.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = base + (entries[i] & mask);
    }
    byte[] packed = new byte[(int) BitPacking.packedBytes(values.length, width) + 2];
    BitPacking.packInts(values, values.length, base, width, packed, 1);
    assertThat(packed[0]).isZero();
    assertThat(packed[packed.length - 1]).isZero();

    int[] unpacked = new int[values.length];
    BitPacking.unpackInts(packed, 1, values.length, width, base, unpacked);
    assertThat(unpacked).isEqualTo(values);
  }

  @Property
  void widthHoldsTheUnsignedRange(@ForAll long range) {
    int width = BitPacking.width(range);
    assertThat(width).isBetween(0, 64);
    if (width < 64) {
      assertThat(range >>> width).isZero();
    }
    if (width > 0) {
      assertThat(range >>> (width - 1)).isEqualTo(1);
    }
  }
}
