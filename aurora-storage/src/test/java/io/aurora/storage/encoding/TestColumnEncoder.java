package io.aurora.storage.encoding;

import static io.aurora.storage.encoding.BlockAssertions.assertDecodedEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.PhysicalType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TestColumnEncoder {

  @Property
  void intBlocksRoundTrip(@ForAll("intBlocks") Block block) {
    assertRoundTrips(block);
  }

  @Property
  void longBlocksRoundTrip(@ForAll("longBlocks") Block block) {
    assertRoundTrips(block);
  }

  @Property
  void floatBlocksRoundTrip(@ForAll("floatBlocks") Block block) {
    assertRoundTrips(block);
  }

  @Property
  void doubleBlocksRoundTrip(@ForAll("doubleBlocks") Block block) {
    assertRoundTrips(block);
  }

  @Property
  void booleanBlocksRoundTrip(@ForAll("booleanBlocks") Block block) {
    assertRoundTrips(block);
  }

  @Property(tries = 300)
  void varcharBlocksRoundTrip(@ForAll("varcharBlocks") Block block) {
    assertRoundTrips(block);
  }

  @Property(tries = 2000)
  void corruptInputFailsAsDataCorrupted(
      @ForAll("anyBlocks") Block block,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index,
      @ForAll byte flip,
      @ForAll boolean truncate) {
    PhysicalType type = physicalType(block);
    for (Encoding encoding : Encoding.values()) {
      if (!encoding.supports(type)) {
        continue;
      }
      EncodedBlock encoded = ColumnEncoder.encode(block, encoding);
      byte[] bytes = Arrays.copyOf(encoded.bytes(), encoded.length());
      int length = bytes.length;
      if (truncate) {
        length = index % length;
      } else {
        bytes[index % length] ^= flip == 0 ? 1 : flip;
      }
      try {
        Block decoded =
            ColumnDecoder.decode(encoding, type, bytes, 0, length, block.positionCount());
        assertThat(decoded.positionCount()).isEqualTo(block.positionCount());
      } catch (AuroraException e) {
        assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED);
      }
    }
  }

  @Property
  void decodingWithTheWrongPositionCountFails(
      @ForAll("anyBlocks") Block block, @ForAll @IntRange(min = 1, max = 1000) int extra) {
    EncodedBlock encoded = ColumnEncoder.encode(block);
    PhysicalType type = physicalType(block);
    int wrongCount = block.positionCount() + extra;
    try {
      Block decoded =
          ColumnDecoder.decode(
              encoded.encoding(), type, encoded.bytes(), 0, encoded.length(), wrongCount);
      assertThat(decoded.positionCount()).isEqualTo(wrongCount);
    } catch (AuroraException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED);
    }
  }

  @Property
  void encodingIdsRoundTrip(@ForAll Encoding encoding) {
    assertThat(Encoding.fromId(encoding.id())).isEqualTo(encoding);
  }

  @Property
  void unknownEncodingIdsAreCorrupt(@ForAll int id) {
    if (Arrays.stream(Encoding.values()).anyMatch(encoding -> encoding.id() == id)) {
      return;
    }
    assertThatThrownBy(() -> Encoding.fromId(id))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED))
        .hasMessage("Unknown encoding id[" + id + "]");
  }

  @Provide
  Arbitrary<Block> intBlocks() {
    return BlockArbitraries.intBlocks();
  }

  @Provide
  Arbitrary<Block> longBlocks() {
    return BlockArbitraries.longBlocks();
  }

  @Provide
  Arbitrary<Block> floatBlocks() {
    return BlockArbitraries.floatBlocks();
  }

  @Provide
  Arbitrary<Block> doubleBlocks() {
    return BlockArbitraries.doubleBlocks();
  }

  @Provide
  Arbitrary<Block> booleanBlocks() {
    return BlockArbitraries.booleanBlocks();
  }

  @Provide
  Arbitrary<Block> varcharBlocks() {
    return BlockArbitraries.varcharBlocks();
  }

  @Provide
  Arbitrary<Block> anyBlocks() {
    return BlockArbitraries.anyBlocks();
  }

  /**
   * Encodes with the chosen encoding and with every supported one, decodes from a byte array, a
   * direct buffer and a read-only heap buffer, and checks that the choice is the smallest.
   */
  private static void assertRoundTrips(Block block) {
    PhysicalType type = physicalType(block);
    EncodedBlock chosen = ColumnEncoder.encode(block);
    assertThat(chosen.encoding().supports(type)).isTrue();
    assertDecodesTo(chosen, type, block);
    for (Encoding encoding : Encoding.values()) {
      if (encoding.supports(type)) {
        EncodedBlock forced = ColumnEncoder.encode(block, encoding);
        assertThat(forced.encoding()).isEqualTo(encoding);
        assertThat(chosen.length()).isLessThanOrEqualTo(forced.length());
        assertDecodesTo(forced, type, block);
      } else {
        assertThatThrownBy(() -> ColumnEncoder.encode(block, encoding))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  private static void assertDecodesTo(EncodedBlock encoded, PhysicalType type, Block expected) {
    int count = expected.positionCount();
    byte[] padded = new byte[encoded.length() + 6];
    System.arraycopy(encoded.bytes(), 0, padded, 3, encoded.length());
    assertDecodedEquals(
        expected,
        ColumnDecoder.decode(encoded.encoding(), type, padded, 3, encoded.length(), count));

    ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length());
    direct.put(encoded.bytes(), 0, encoded.length()).flip();
    assertDecodedEquals(expected, ColumnDecoder.decode(encoded.encoding(), type, direct, count));
    assertThat(direct.position()).isZero();

    ByteBuffer readOnly = ByteBuffer.wrap(padded, 3, encoded.length()).slice().asReadOnlyBuffer();
    assertDecodedEquals(expected, ColumnDecoder.decode(encoded.encoding(), type, readOnly, count));
  }

  static PhysicalType physicalType(Block block) {
    if (block instanceof IntBlock) {
      return PhysicalType.INT;
    }
    if (block instanceof LongBlock) {
      return PhysicalType.LONG;
    }
    if (block instanceof FloatBlock) {
      return PhysicalType.FLOAT;
    }
    if (block instanceof DoubleBlock) {
      return PhysicalType.DOUBLE;
    }
    if (block instanceof BooleanBlock) {
      return PhysicalType.BOOLEAN;
    }
    return PhysicalType.VARCHAR;
  }
}
