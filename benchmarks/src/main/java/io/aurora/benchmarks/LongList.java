package io.aurora.benchmarks;

import java.util.Arrays;

/**
 * A growable array of primitive longs, for latencies recorded without boxing, and the percentile
 * the load benchmarks report. Not thread-safe: one per client thread, merged at the end.
 */
public final class LongList {
  private long[] values = new long[1024];
  private int size;

  public void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  public long get(int index) {
    return values[index];
  }

  public int size() {
    return size;
  }

  public long[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** Copies the values into {@code target} at {@code offset}; returns the offset after them. */
  public int copyTo(long[] target, int offset) {
    System.arraycopy(values, 0, target, offset, size);
    return offset + size;
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; NaN when there are none. */
  public static double percentileMillis(long[] sortedNanos, double quantile) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
  }
}
