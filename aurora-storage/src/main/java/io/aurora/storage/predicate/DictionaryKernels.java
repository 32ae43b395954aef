package io.aurora.storage.predicate;

import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.VarcharBlock;
import org.jspecify.annotations.Nullable;

/**
 * Filters a {@link DictionaryBlock} by its ids without decoding a string per row. On a sorted
 * dictionary a byte range (comparison, BETWEEN, LIKE 'prefix%') is an id range found by binary
 * search; otherwise the predicate is evaluated once per dictionary entry into a {@code boolean[]}
 * of matching ids. The loops follow the contract of {@link NumericKernels}: the caller removes
 * nulls.
 */
final class DictionaryKernels {
  private DictionaryKernels() {}

  /** Positions of the block that match a predicate of any shape but NONE and ALL. */
  static int filter(
      VarcharPredicate predicate,
      DictionaryBlock block,
      int @Nullable [] selection,
      int count,
      int[] out) {
    VarcharBlock dictionary = block.dictionary();
    int[] ids = block.ids();
    if (block.isSorted() && predicate.isRange()) {
      byte[] low = predicate.low();
      byte[] high = predicate.high();
      int lowId = low == null ? 0 : firstAbove(dictionary, low, false);
      int highId =
          high == null
              ? dictionary.positionCount()
              : firstAbove(dictionary, high, predicate.isHighInclusive());
      return lowId >= highId ? 0 : idRange(ids, lowId, highId, selection, count, out);
    }
    return idSet(ids, matchingIds(predicate, block), selection, count, out);
  }

  /**
   * The first id of a sorted dictionary whose value is greater than {@code bound}, or at least
   * {@code bound} when {@code isStrict} is false; the dictionary size when there is none.
   */
  private static int firstAbove(VarcharBlock dictionary, byte[] bound, boolean isStrict) {
    int low = 0;
    int high = dictionary.positionCount();
    while (low < high) {
      int middle = (low + high) >>> 1;
      int order = dictionary.compareBytes(middle, bound);
      if (order > 0 || (order == 0 && !isStrict)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /**
   * Which dictionary ids match, with at least one entry so that the id 0 of a null position is a
   * valid index even in an empty dictionary.
   */
  private static boolean[] matchingIds(VarcharPredicate predicate, DictionaryBlock block) {
    VarcharBlock dictionary = block.dictionary();
    int size = dictionary.positionCount();
    boolean[] matches = new boolean[Math.max(1, size)];
    if (block.isSorted() && predicate.shape() == VarcharPredicate.Shape.IN) {
      for (byte[] value : predicate.values()) {
        int id = firstAbove(dictionary, value, false);
        if (id < size && dictionary.equalsBytes(id, value)) {
          matches[id] = true;
        }
      }
      return matches;
    }
    int[] matchingIds = new int[size];
    int matched = VarcharKernels.filter(predicate, dictionary, null, size, matchingIds);
    boolean[] nulls = dictionary.nulls();
    if (nulls != null) {
      matched = Selections.removeNulls(nulls, matchingIds, matched);
    }
    for (int i = 0; i < matched; i++) {
      matches[matchingIds[i]] = true;
    }
    return matches;
  }

  /** Positions whose id is in {@code [lowId, highId)}. */
  private static int idRange(
      int[] ids, int lowId, int highId, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int id = ids[position];
        out[matched] = position;
        matched += (id >= lowId & id < highId) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int id = ids[position];
        out[matched] = position;
        matched += (id >= lowId & id < highId) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose id is marked in {@code matches}. */
  private static int idSet(
      int[] ids, boolean[] matches, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        out[matched] = position;
        matched += matches[ids[position]] ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        out[matched] = position;
        matched += matches[ids[position]] ? 1 : 0;
      }
    }
    return matched;
  }
}
