package io.aurora.storage.segment;

import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.index.ValueHashing;
import java.util.Arrays;

/**
 * Collects the distinct strings of a column in an open-addressing hash table over a flat byte
 * array, so building a segment's dictionary allocates nothing per row. {@link #sort()} then orders
 * the entries by unsigned bytes, which makes dictionary ids order-preserving.
 */
final class DictionaryBuilder {
  private byte[] bytes = new byte[1024];
  private int[] offsets = new int[65];
  private int[] hashes = new int[64];
  private int size;
  private int byteCount;
  private int[] table = new int[128];
  private int mask = table.length - 1;

  /** The id of the given value, adding it if it is new. Ids are dense, in insertion order. */
  int add(byte[] source, int offset, int length) {
    int hash = (int) ValueHashing.hashBytes(source, offset, length);
    int slot = hash & mask;
    while (true) {
      int entry = table[slot];
      if (entry == 0) {
        break;
      }
      int id = entry - 1;
      if (hashes[id] == hash
          && Arrays.equals(bytes, offsets[id], offsets[id + 1], source, offset, offset + length)) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
    int id = size++;
    if (size >= hashes.length) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      offsets = Arrays.copyOf(offsets, hashes.length + 1);
    }
    if (byteCount + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, byteCount + length));
    }
    System.arraycopy(source, offset, bytes, byteCount, length);
    byteCount += length;
    offsets[id + 1] = byteCount;
    hashes[id] = hash;
    table[slot] = id + 1;
    if (size * 2 > table.length) {
      rehash();
    }
    return id;
  }

  int size() {
    return size;
  }

  private void rehash() {
    table = new int[table.length * 2];
    mask = table.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashes[id] & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = id + 1;
    }
  }

  /**
   * Sorts the entries by unsigned bytes and returns, for each id in insertion order, its id in the
   * sorted dictionary. Call {@link #sortedValues(int[])} with the result for the values.
   */
  int[] sort() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (left, right) ->
            Arrays.compareUnsigned(
                bytes,
                offsets[left],
                offsets[left + 1],
                bytes,
                offsets[right],
                offsets[right + 1]));
    int[] sortedIdById = new int[size];
    for (int sortedId = 0; sortedId < size; sortedId++) {
      sortedIdById[order[sortedId]] = sortedId;
    }
    return sortedIdById;
  }

  /** The values in sorted order, given the mapping {@link #sort()} returned. */
  VarcharBlock sortedValues(int[] sortedIdById) {
    int[] idBySortedId = new int[size];
    for (int id = 0; id < size; id++) {
      idBySortedId[sortedIdById[id]] = id;
    }
    byte[] sortedBytes = new byte[byteCount];
    int[] sortedOffsets = new int[size + 1];
    int at = 0;
    for (int sortedId = 0; sortedId < size; sortedId++) {
      int id = idBySortedId[sortedId];
      int length = offsets[id + 1] - offsets[id];
      System.arraycopy(bytes, offsets[id], sortedBytes, at, length);
      at += length;
      sortedOffsets[sortedId + 1] = at;
    }
    return new VarcharBlock(size, sortedBytes, sortedOffsets, null);
  }
}
