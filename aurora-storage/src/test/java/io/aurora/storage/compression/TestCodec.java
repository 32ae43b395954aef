package io.aurora.storage.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TestCodec {

  @Property
  void compressedBytesRoundTrip(@ForAll Codec codec, @ForAll("payloads") byte[] data) {
    Compressor compressor = codec.compressor();
    byte[] compressed = new byte[compressor.maxCompressedLength(data.length) + 5];
    int length = compressor.compress(data, 0, data.length, compressed, 5);
    assertThat(length).isBetween(0, compressor.maxCompressedLength(data.length));

    for (ByteBuffer source : sources(compressed, 5, length)) {
      int position = source.position();
      byte[] output = new byte[data.length + 4];
      compressor.decompress(source, output, 2, data.length);
      assertThat(Arrays.copyOfRange(output, 2, 2 + data.length)).isEqualTo(data);
      assertThat(source.position()).isEqualTo(position);
    }
  }

  @Property(tries = 3000)
  void corruptInputThrowsOrFillsExactly(
      @ForAll Codec codec,
      @ForAll("payloads") byte[] data,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index,
      @ForAll byte flip,
      @ForAll boolean truncate) {
    Compressor compressor = codec.compressor();
    byte[] compressed = new byte[compressor.maxCompressedLength(data.length)];
    int length = compressor.compress(data, 0, data.length, compressed, 0);
    if (length == 0) {
      return;
    }
    if (truncate) {
      length = index % length;
    } else {
      compressed[index % length] ^= flip == 0 ? 1 : flip;
    }
    for (ByteBuffer source : sources(compressed, 0, length)) {
      byte[] output = new byte[data.length];
      try {
        compressor.decompress(source, output, 0, data.length);
      } catch (AuroraException e) {
        assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED);
      }
    }
  }

  @Property
  void wrongExpectedLengthIsCorrupt(
      @ForAll Codec codec,
      @ForAll("payloads") byte[] data,
      @ForAll @IntRange(min = 1, max = 100) int difference) {
    Compressor compressor = codec.compressor();
    byte[] compressed = new byte[compressor.maxCompressedLength(data.length)];
    int length = compressor.compress(data, 0, data.length, compressed, 0);
    byte[] output = new byte[data.length + difference];
    assertThatThrownBy(
            () ->
                compressor.decompress(
                    ByteBuffer.wrap(compressed, 0, length), output, 0, data.length + difference))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
  }

  @Property
  void idsRoundTrip(@ForAll Codec codec) {
    assertThat(Codec.fromId(codec.id())).isEqualTo(codec);
  }

  @Property
  void unknownIdsAreCorrupt(@ForAll int id) {
    if (id >= 0 && id <= 2) {
      return;
    }
    assertThatThrownBy(() -> Codec.fromId(id))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED))
        .hasMessage("Unknown codec id[" + id + "]");
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
    Arbitrary<byte[]> compressible =
        Arbitraries.bytes()
            .between((byte) 'a', (byte) 'd')
            .array(byte[].class)
            .ofMaxSize(20)
            .flatMap(
                pattern ->
                    Arbitraries.integers().between(0, 70_000).map(size -> repeat(pattern, size)));
    return Arbitraries.oneOf(random, compressible, Arbitraries.just(new byte[0]));
  }

  private static byte[] repeat(byte[] pattern, int size) {
    byte[] data = new byte[pattern.length == 0 ? 0 : size];
    for (int i = 0; i < data.length; i++) {
      data[i] = pattern[i % pattern.length];
    }
    return data;
  }

  /** The bytes as a heap buffer, a read-only heap buffer and a direct read-only buffer. */
  private static ByteBuffer[] sources(byte[] bytes, int offset, int length) {
    ByteBuffer heap = ByteBuffer.wrap(bytes, offset, length).slice();
    ByteBuffer direct = ByteBuffer.allocateDirect(length + 3);
    direct.position(3);
    direct.put(bytes, offset, length).flip().position(3);
    return new ByteBuffer[] {heap, heap.asReadOnlyBuffer(), direct.asReadOnlyBuffer()};
  }
}
