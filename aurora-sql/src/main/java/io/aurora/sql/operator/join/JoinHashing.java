package io.aurora.sql.operator.join;

import io.aurora.sql.operator.BlockValues;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.index.ValueHashing;
import org.jspecify.annotations.Nullable;

/**
 * Column-at-a-time hashing of join keys, with the equality of {@link BlockValues}: {@code -0.0}
 * hashes like {@code 0.0}, every NaN like one NaN, a dictionary string like its bytes. The hashes
 * live only in memory for one join, so they favour speed over stability: integers go through a
 * cheap 64-bit finalizer instead of the persisted {@link ValueHashing} functions.
 *
 * <p>Positions are given as an array of block positions, or {@code null} for {@code 0 .. count)}.
 */
final class JoinHashing {
  private static final long COMBINE = 0x9E3779B97F4A7C15L;

  private JoinHashing() {}

  /** The murmur3 64-bit finalizer: cheap, and every input bit affects the low output bits. */
  static long mix(long value) {
    long hash = value;
    hash ^= hash >>> 33;
    hash *= 0xFF51AFD7ED558CCDL;
    hash ^= hash >>> 33;
    hash *= 0xC4CEB9FE1A85EC53L;
    hash ^= hash >>> 33;
    return hash;
  }

  /** The bucket a hash starts probing at, in a table of {@code mask + 1} buckets. */
  static int bucket(long hash, int mask) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }

  static long hashDouble(double value) {
    // doubleToLongBits folds every NaN into one; -0.0 == 0.0 folds the zeros.
    return mix(Double.doubleToLongBits(value == 0.0 ? 0.0 : value));
  }

  /**
   * Hashes the values at {@code positions[0 .. count)} of {@code block} into {@code hashes[0 ..
   * count)}, combining with the hashes already there unless {@code isFirst}. Null positions get an
   * arbitrary hash: callers exclude rows with a null key.
   */
  static void hash(
      Block block, int @Nullable [] positions, int count, long[] hashes, boolean isFirst) {
    if (block instanceof LongBlock longs) {
      long[] values = longs.values();
      for (int i = 0; i < count; i++) {
        combine(hashes, i, mix(values[position(positions, i)]), isFirst);
      }
    } else if (block instanceof IntBlock ints) {
      int[] values = ints.values();
      for (int i = 0; i < count; i++) {
        combine(hashes, i, mix(values[position(positions, i)]), isFirst);
      }
    } else if (block instanceof DoubleBlock doubles) {
      double[] values = doubles.values();
      for (int i = 0; i < count; i++) {
        combine(hashes, i, hashDouble(values[position(positions, i)]), isFirst);
      }
    } else if (block instanceof FloatBlock floats) {
      float[] values = floats.values();
      for (int i = 0; i < count; i++) {
        combine(hashes, i, hashDouble(values[position(positions, i)]), isFirst);
      }
    } else if (block instanceof BooleanBlock booleans) {
      boolean[] values = booleans.values();
      for (int i = 0; i < count; i++) {
        combine(hashes, i, mix(values[position(positions, i)] ? 1 : 0), isFirst);
      }
    } else if (block instanceof VarcharBlock strings) {
      byte[] bytes = strings.bytes();
      int[] offsets = strings.offsets();
      for (int i = 0; i < count; i++) {
        int position = position(positions, i);
        int start = offsets[position];
        combine(
            hashes,
            i,
            ValueHashing.hashBytes(bytes, start, offsets[position + 1] - start),
            isFirst);
      }
    } else {
      hashDictionary((DictionaryBlock) block, positions, count, hashes, isFirst);
    }
  }

  private static void hashDictionary(
      DictionaryBlock block,
      int @Nullable [] positions,
      int count,
      long[] hashes,
      boolean isFirst) {
    VarcharBlock dictionary = block.dictionary();
    int[] ids = block.ids();
    boolean[] nulls = block.nulls();
    if (dictionary.positionCount() <= count) {
      // Hash each distinct string once when the dictionary is no larger than the batch.
      long[] idHashes = new long[dictionary.positionCount()];
      hash(dictionary, null, idHashes.length, idHashes, true);
      for (int i = 0; i < count; i++) {
        int position = position(positions, i);
        if (nulls == null || !nulls[position]) {
          combine(hashes, i, idHashes[ids[position]], isFirst);
        }
      }
      return;
    }
    byte[] bytes = dictionary.bytes();
    int[] offsets = dictionary.offsets();
    for (int i = 0; i < count; i++) {
      int position = position(positions, i);
      if (nulls != null && nulls[position]) {
        continue; // the id of a null must not be read
      }
      int id = ids[position];
      int start = offsets[id];
      combine(hashes, i, ValueHashing.hashBytes(bytes, start, offsets[id + 1] - start), isFirst);
    }
  }

  /**
   * Sets {@code isNull[i]} for the null positions among {@code positions[0 .. count)}; entries of
   * non-null positions are left alone, so a caller can OR several key columns.
   *
   * @return whether any position was null
   */
  static boolean markNulls(Block block, int @Nullable [] positions, int count, boolean[] isNull) {
    boolean[] nulls = block.nulls();
    if (nulls == null) {
      return false;
    }
    boolean any = false;
    for (int i = 0; i < count; i++) {
      boolean positionIsNull = nulls[position(positions, i)];
      isNull[i] |= positionIsNull;
      any |= positionIsNull;
    }
    return any;
  }

  /** Whether two non-null key values of the same physical type are equal in SQL. */
  static boolean equal(Block left, int leftPosition, Block right, int rightPosition) {
    if (left instanceof DictionaryBlock leftIds
        && right instanceof DictionaryBlock rightIds
        && leftIds.dictionary() == rightIds.dictionary()
        && leftIds.id(leftPosition) == rightIds.id(rightPosition)) {
      return true;
    }
    return BlockValues.compareNonNull(left, leftPosition, right, rightPosition) == 0;
  }

  private static int position(int @Nullable [] positions, int index) {
    return positions == null ? index : positions[index];
  }

  private static void combine(long[] hashes, int index, long hash, boolean isFirst) {
    hashes[index] = isFirst ? hash : hashes[index] * COMBINE + hash;
  }
}
