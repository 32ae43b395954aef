package io.aurora.storage.encoding;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A block written by {@link ColumnEncoder}: the encoding it chose and the encoded bytes {@code
 * bytes[0..length)}, including the null section. The array is not copied; equality is identity of
 * the array, as for any record with an array component.
 */
public record EncodedBlock(Encoding encoding, byte[] bytes, int length) {
  public EncodedBlock {
    requireNonNull(encoding, "encoding is null");
    requireNonNull(bytes, "bytes is null");
    Objects.checkFromIndexSize(0, length, bytes.length);
  }
}
