package io.aurora.storage.index;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

/**
 * The 64-bit hashes Aurora's indexes use for values, so that writer and reader agree. Integer-like
 * values hash as longs; floating point values hash their bits after folding {@code -0.0} into
 * {@code 0.0} and every NaN into one NaN, because those compare equal; strings hash their UTF-8
 * bytes. The functions are persisted implicitly in Bloom filters: never change them.
 */
public final class ValueHashing {
  private static final Hasher64 HASHER = Hashing.komihash5_0();

  private ValueHashing() {}

  public static long hashLong(long value) {
    return HASHER.hashLongToLong(value);
  }

  public static long hashDouble(double value) {
    double canonical = value == 0.0 ? 0.0 : value;
    return HASHER.hashLongToLong(Double.doubleToLongBits(canonical));
  }

  public static long hashBytes(byte[] bytes, int offset, int length) {
    return HASHER.hashBytesToLong(bytes, offset, length);
  }
}
