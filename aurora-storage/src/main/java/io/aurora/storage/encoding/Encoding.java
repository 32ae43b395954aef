package io.aurora.storage.encoding;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.PhysicalType;

/**
 * How the values of a stored block are laid out. Each encoding has a stable id written to segment
 * files in one unsigned byte; ids are never reused or renumbered, and lookups go by id, never by
 * ordinal. Id 0 is never assigned (it marks an unset id), 6-127 are reserved for future encodings
 * and 128-255 for experimental ones that a release build never writes.
 *
 * <h2>Byte layout</h2>
 *
 * All numbers are little-endian. {@code n} is the block's position count, which is stored by the
 * caller, not in the encoded bytes. An encoded block is a null section followed by a body:
 *
 * <pre>
 * block        = nullSection body
 * nullSection  = 0x00                          no position is null
 *              | 0x01 bitmap[ceil(n / 8)]      some are: bit (i % 8) of byte (i / 8) set means
 *                                              position i is null; unused high bits are zero
 *              | 0x02                          every position is null (n &gt; 0)
 * </pre>
 *
 * <p>The body holds a value for every position, nulls included; the encoder writes the previous
 * non-null value at a null position (the first non-null value before it, or zero when all are null)
 * so that nulls do not break runs or widen ranges. Decoded blocks have zero at null positions, and
 * VARCHAR nulls are empty strings.
 *
 * <p>Most bodies use a <em>packed sequence</em> of {@code c} integers, where {@code c} follows from
 * the context:
 *
 * <pre>
 * packed(c)    = base width:u8 bits[ceil(c * width / 8)]
 * </pre>
 *
 * {@code base} is an int32 for INT, FLOAT, BOOLEAN and lengths, and an int64 for LONG and DOUBLE;
 * {@code width} is 0 to 32 after an int32 base and 0 to 64 after an int64 base. Entry {@code j} is
 * the unsigned {@code width}-bit number at bits {@code [j * width, (j + 1) * width)} of {@code
 * bits}, where bit {@code k} is bit {@code (k % 8)} of byte {@code (k / 8)} (LSB first); its value
 * is {@code base + entry} with two's-complement wrap-around, so every int and long, including the
 * full range from MIN_VALUE to MAX_VALUE, is representable. The encoder uses the minimum as the
 * base and the smallest width that holds {@code max - min} as an unsigned number. Unused high bits
 * of the last byte are zero.
 *
 * <p>FLOAT and DOUBLE values are stored as their raw IEEE 754 bits ({@code
 * Float.floatToRawIntBits}, {@code Double.doubleToRawLongBits}), so NaN payloads and -0.0 round
 * trip exactly. BOOLEAN values are the integers 0 and 1.
 */
public enum Encoding {
  /**
   * Values one after another: {@code n} int32 (INT, FLOAT) or int64 (LONG, DOUBLE). For VARCHAR:
   * {@code packed(n)} of the UTF-8 byte lengths, then the concatenated UTF-8 bytes. Not for
   * BOOLEAN.
   */
  PLAIN(1),
  /**
   * Frame of reference and bit packing: {@code packed(n)}. For INT, LONG, BOOLEAN, and FLOAT and
   * DOUBLE by raw bits (values of one sign and a narrow range share their high bits); a constant
   * block has width 0 and so a body of 5 or 9 bytes whatever {@code n} is.
   */
  BIT_PACKED(2),
  /**
   * Runs of equal values: {@code runCount:int32 packed(runCount) of the run values,
   * packed(runCount) of the run lengths (int32 base)}. Every length is at least 1 and the lengths
   * add up to {@code n}. For INT, LONG, BOOLEAN, and FLOAT and DOUBLE by raw bits.
   */
  RUN_LENGTH(3),
  /**
   * For sorted or clustered INT and LONG values such as timestamps: empty when {@code n} is 0,
   * otherwise {@code first packed(n - 1)}, where {@code first} is the first value (int32 or int64)
   * and the packed entries are the differences between consecutive values, computed with
   * wrap-around in the value's width; value {@code i} is value {@code i - 1} plus difference {@code
   * i - 1}, again with wrap-around.
   */
  DELTA(4),
  /**
   * Reserved for the segment-level string dictionary. The segment writer maps strings to int ids
   * and encodes the ids as an INT block with one of the other encodings; this id only marks such
   * columns in segment metadata, and no block body has this encoding.
   */
  DICTIONARY(5);

  private static final Encoding[] BY_ID = new Encoding[6];

  static {
    for (Encoding encoding : values()) {
      if (BY_ID[encoding.id] != null) {
        throw new ExceptionInInitializerError("duplicate encoding id " + encoding.id);
      }
      BY_ID[encoding.id] = encoding;
    }
  }

  private final int id;

  Encoding(int id) {
    this.id = id;
  }

  /** The stable id written to disk. */
  public int id() {
    return id;
  }

  /** The encoding with the given stable id; an unknown id means a corrupt or newer file. */
  public static Encoding fromId(int id) {
    Encoding encoding = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    if (encoding == null) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Unknown encoding id[" + id + "]");
    }
    return encoding;
  }

  /** Whether {@link ColumnEncoder} can write blocks of the given physical type this way. */
  public boolean supports(PhysicalType type) {
    return switch (this) {
      case PLAIN -> type != PhysicalType.BOOLEAN;
      case BIT_PACKED -> type != PhysicalType.VARCHAR;
      case RUN_LENGTH -> type != PhysicalType.VARCHAR;
      case DELTA -> type == PhysicalType.INT || type == PhysicalType.LONG;
      case DICTIONARY -> false;
    };
  }
}
