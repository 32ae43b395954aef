package io.aurora.sql.operator.sort;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;

/**
 * Compares rows of registered pages by a list of {@link SortKey}s, with one type-specialised {@link
 * KeyComparator} per key. Pages are registered under an index ({@link #setPage}) and rows are
 * addressed with {@link RowAddresses}. Not thread-safe.
 */
public final class RowComparator implements AddressComparator {
  private final KeyComparator[] keys;

  /**
   * @param types the types of all channels of the pages
   * @param sortKeys the keys, most significant first
   */
  public RowComparator(List<DataType> types, List<SortKey> sortKeys) {
    requireNonNull(types, "types is null");
    requireNonNull(sortKeys, "sortKeys is null");
    keys = new KeyComparator[sortKeys.size()];
    for (int i = 0; i < keys.length; i++) {
      SortKey key = sortKeys.get(i);
      if (key.channel() >= types.size()) {
        throw new IllegalArgumentException(
            "Sort key channel[" + key.channel() + "] is out of range for " + types.size());
      }
      keys[i] = KeyComparator.create(types.get(key.channel()), key);
    }
  }

  /** Registers (or replaces) the page with the given index; its blocks must match the types. */
  public void setPage(int pageIndex, Page page) {
    for (KeyComparator key : keys) {
      key.setBlock(pageIndex, page.block(key.channel));
    }
  }

  /** Forgets the page with the given index; rows of it must not be compared afterwards. */
  public void clearPage(int pageIndex) {
    for (KeyComparator key : keys) {
      key.clearBlock(pageIndex);
    }
  }

  @Override
  public int compare(long left, long right) {
    int leftPage = RowAddresses.pageIndex(left);
    int leftPosition = RowAddresses.position(left);
    int rightPage = RowAddresses.pageIndex(right);
    int rightPosition = RowAddresses.position(right);
    for (KeyComparator key : keys) {
      int result = key.compare(leftPage, leftPosition, rightPage, rightPosition);
      if (result != 0) {
        return result;
      }
    }
    return 0;
  }
}
