package io.aurora.sql.operator.sort;

/**
 * Packs a row's page index (high 32 bits) and position in that page's blocks (low 32 bits) into one
 * long, so that buffers of rows are primitive {@code long[]} arrays rather than objects.
 */
public final class RowAddresses {
  private RowAddresses() {}

  public static long encode(int pageIndex, int position) {
    return ((long) pageIndex << 32) | (position & 0xFFFF_FFFFL);
  }

  public static int pageIndex(long address) {
    return (int) (address >>> 32);
  }

  public static int position(long address) {
    return (int) address;
  }
}
