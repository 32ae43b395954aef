package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A block of strings held as ids into a dictionary. Segments keep one dictionary per column, sorted
 * by unsigned UTF-8 byte order, so that id order is value order: range predicates and LIKE
 * 'prefix%' become id ranges, and aggregation can group on ids before decoding any string.
 *
 * <p>The dictionary is shared by every block of a segment column and must not be modified. The id
 * at a null position is 0 and must not be read as data.
 */
public final class DictionaryBlock implements Block {
  private final int positionCount;
  private final int[] ids;
  private final VarcharBlock dictionary;
  private final boolean isSorted;
  private final boolean @Nullable [] nulls;

  public DictionaryBlock(
      int positionCount,
      int[] ids,
      VarcharBlock dictionary,
      boolean isSorted,
      boolean @Nullable [] nulls) {
    Block.checkArrays(positionCount, requireNonNull(ids, "ids is null").length, nulls);
    this.positionCount = positionCount;
    this.ids = ids;
    this.dictionary = requireNonNull(dictionary, "dictionary is null");
    this.isSorted = isSorted;
    this.nulls = nulls;
  }

  @Override
  public int positionCount() {
    return positionCount;
  }

  /** The backing id array, not a copy. */
  public int[] ids() {
    return ids;
  }

  public int id(int position) {
    return ids[position];
  }

  /** The shared dictionary, not a copy. */
  public VarcharBlock dictionary() {
    return dictionary;
  }

  /** Whether id order equals unsigned byte order of the values. */
  public boolean isSorted() {
    return isSorted;
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : dictionary.string(ids[position]);
  }

  /** The values as a new plain {@link VarcharBlock}; null positions become empty strings. */
  public VarcharBlock decode() {
    byte[] dictionaryBytes = dictionary.bytes();
    int total = 0;
    for (int i = 0; i < positionCount; i++) {
      if (nulls == null || !nulls[i]) {
        total += dictionary.length(ids[i]);
      }
    }
    byte[] bytes = new byte[total];
    int[] offsets = new int[positionCount + 1];
    int at = 0;
    for (int i = 0; i < positionCount; i++) {
      if (nulls == null || !nulls[i]) {
        int id = ids[i];
        int length = dictionary.length(id);
        System.arraycopy(dictionaryBytes, dictionary.offset(id), bytes, at, length);
        at += length;
      }
      offsets[i + 1] = at;
    }
    return new VarcharBlock(
        positionCount, bytes, offsets, nulls == null ? null : Arrays.copyOf(nulls, positionCount));
  }

  @Override
  public DictionaryBlock copyPositions(int[] positions, int offset, int length) {
    int[] copy = new int[length];
    for (int i = 0; i < length; i++) {
      copy[i] = ids[positions[offset + i]];
    }
    return new DictionaryBlock(
        length, copy, dictionary, isSorted, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public DictionaryBlock copyRegion(int offset, int length) {
    return new DictionaryBlock(
        length,
        Arrays.copyOfRange(ids, offset, offset + length),
        dictionary,
        isSorted,
        Block.copyNullsRegion(nulls, offset, length));
  }

  /** Counts the ids only: the dictionary is shared with other blocks and accounted once. */
  @Override
  public long retainedBytes() {
    return 24L + 4L * ids.length + (nulls == null ? 0 : nulls.length);
  }
}
