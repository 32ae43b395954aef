package io.aurora.sql.operator.sort;

/**
 * Sorts primitive arrays of row addresses without boxing: a merge sort driven by an {@link
 * AddressComparator} for general keys, and an LSD radix sort for a single key already encoded as an
 * order-preserving long. Both are stable, so equal rows keep their input order and the output is
 * deterministic (SQL does not promise stability; callers must not rely on it).
 */
public final class AddressSorter {
  private static final int INSERTION_SORT_THRESHOLD = 16;

  private AddressSorter() {}

  /**
   * Sorts {@code addresses[0 .. count)}; {@code scratch} must hold at least {@code count} entries
   * and its contents are overwritten.
   */
  public static void sort(
      long[] addresses, long[] scratch, int count, AddressComparator comparator) {
    if (count < 2) {
      return;
    }
    System.arraycopy(addresses, 0, scratch, 0, count);
    mergeSort(scratch, addresses, 0, count, comparator);
  }

  /** Sorts {@code destination[low .. high)}, reading from {@code source} which holds the same. */
  private static void mergeSort(
      long[] source, long[] destination, int low, int high, AddressComparator comparator) {
    int length = high - low;
    if (length < INSERTION_SORT_THRESHOLD) {
      for (int i = low + 1; i < high; i++) {
        long value = destination[i];
        int j = i - 1;
        while (j >= low && comparator.compare(destination[j], value) > 0) {
          destination[j + 1] = destination[j];
          j--;
        }
        destination[j + 1] = value;
      }
      return;
    }
    int middle = (low + high) >>> 1;
    mergeSort(destination, source, low, middle, comparator);
    mergeSort(destination, source, middle, high, comparator);
    if (comparator.compare(source[middle - 1], source[middle]) <= 0) {
      System.arraycopy(source, low, destination, low, length);
      return;
    }
    int left = low;
    int right = middle;
    for (int i = low; i < high; i++) {
      if (right >= high
          || (left < middle && comparator.compare(source[left], source[right]) <= 0)) {
        destination[i] = source[left++];
      } else {
        destination[i] = source[right++];
      }
    }
  }

  /**
   * Sorts {@code keys[0 .. count)} as signed longs, moving {@code values} along, with an LSD radix
   * sort over bytes that skips bytes equal in every key. The scratch arrays need {@code count}
   * entries each; the result ends up in {@code keys} and {@code values}.
   */
  public static void radixSort(
      long[] keys, long[] values, long[] keyScratch, long[] valueScratch, int count) {
    if (count < 2) {
      return;
    }
    int[][] histograms = new int[8][256];
    for (int i = 0; i < count; i++) {
      long key = keys[i] ^ Long.MIN_VALUE;
      for (int digit = 0; digit < 8; digit++) {
        histograms[digit][(int) (key >>> (digit * 8)) & 0xFF]++;
      }
    }
    long[] sourceKeys = keys;
    long[] sourceValues = values;
    long[] targetKeys = keyScratch;
    long[] targetValues = valueScratch;
    for (int digit = 0; digit < 8; digit++) {
      int[] histogram = histograms[digit];
      int shift = digit * 8;
      int sample = (int) ((sourceKeys[0] ^ Long.MIN_VALUE) >>> shift) & 0xFF;
      if (histogram[sample] == count) {
        continue;
      }
      int offset = 0;
      for (int bucket = 0; bucket < 256; bucket++) {
        int size = histogram[bucket];
        histogram[bucket] = offset;
        offset += size;
      }
      for (int i = 0; i < count; i++) {
        long key = sourceKeys[i];
        int target = histogram[(int) ((key ^ Long.MIN_VALUE) >>> shift) & 0xFF]++;
        targetKeys[target] = key;
        targetValues[target] = sourceValues[i];
      }
      long[] swap = sourceKeys;
      sourceKeys = targetKeys;
      targetKeys = swap;
      swap = sourceValues;
      sourceValues = targetValues;
      targetValues = swap;
    }
    if (sourceKeys != keys) {
      System.arraycopy(sourceKeys, 0, keys, 0, count);
      System.arraycopy(sourceValues, 0, values, 0, count);
    }
  }
}
