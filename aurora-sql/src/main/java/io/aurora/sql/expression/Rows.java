package io.aurora.sql.expression;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import org.jspecify.annotations.Nullable;

/**
 * Helpers shared by the kernels: the positions a kernel loops over, null masks, and blocks that
 * reuse another block's values with a different null mask.
 *
 * <p>Kernels loop over {@code positions[0 .. page.rowCount())}: the page's selection, or a shared
 * identity array when every position is a row. One loop shape for both cases halves the kernel code
 * for the price of one indirect load per row.
 */
final class Rows {
  private static volatile int[] identity = identityOf(1024);

  private Rows() {}

  /**
   * The positions of the page's rows, ascending; the array may be longer than the row count and is
   * shared, so it must not be modified.
   */
  static int[] positions(Page page) {
    int[] selection = page.selection();
    return selection != null ? selection : identity(page.positionCount());
  }

  static int[] identity(int count) {
    int[] current = identity;
    if (current.length >= count) {
      return current;
    }
    int[] grown = identityOf(Math.max(count, current.length * 2));
    identity = grown;
    return grown;
  }

  private static int[] identityOf(int count) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = i;
    }
    return values;
  }

  /**
   * The null mask of a result that is null where either input is: one of the inputs' masks itself
   * when the other has none (masks are never modified, so they may be shared), else a new one.
   */
  static boolean @Nullable [] union(
      Page page, boolean @Nullable [] left, boolean @Nullable [] right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    boolean[] nulls = new boolean[page.positionCount()];
    int[] positions = positions(page);
    int count = page.rowCount();
    for (int i = 0; i < count; i++) {
      int position = positions[i];
      nulls[position] = left[position] | right[position];
    }
    return nulls;
  }

  /** Whether some row of the page is null in the mask. */
  static boolean anyNull(Page page, boolean @Nullable [] nulls) {
    if (nulls == null) {
      return false;
    }
    int[] positions = positions(page);
    int count = page.rowCount();
    for (int i = 0; i < count; i++) {
      if (nulls[positions[i]]) {
        return true;
      }
    }
    return false;
  }

  /** The rows of a page as a new array (for building sub-selections). */
  static int[] copyRows(Page page) {
    int[] rows = new int[page.rowCount()];
    System.arraycopy(positions(page), 0, rows, 0, rows.length);
    return rows;
  }

  /** A block sharing {@code block}'s values with another null mask; the arrays are not copied. */
  static Block withNulls(Block block, boolean @Nullable [] nulls) {
    int count = block.positionCount();
    if (block instanceof BooleanBlock b) {
      return new BooleanBlock(count, b.values(), nulls);
    }
    if (block instanceof IntBlock b) {
      return new IntBlock(count, b.values(), nulls);
    }
    if (block instanceof LongBlock b) {
      return new LongBlock(count, b.values(), nulls);
    }
    if (block instanceof FloatBlock b) {
      return new FloatBlock(count, b.values(), nulls);
    }
    if (block instanceof DoubleBlock b) {
      return new DoubleBlock(count, b.values(), nulls);
    }
    if (block instanceof VarcharBlock b) {
      return new VarcharBlock(count, b.bytes(), b.offsets(), nulls);
    }
    DictionaryBlock b = (DictionaryBlock) block;
    return new DictionaryBlock(count, b.ids(), b.dictionary(), b.isSorted(), nulls);
  }

  /** The string values behind a VARCHAR block: the block itself or a dictionary's values. */
  static VarcharBlock stringValues(Block block) {
    return block instanceof DictionaryBlock dictionary
        ? dictionary.dictionary()
        : (VarcharBlock) block;
  }

  /** The ids of a dictionary block, or null for a plain VARCHAR block (index = position). */
  static int @Nullable [] stringIds(Block block) {
    return block instanceof DictionaryBlock dictionary ? dictionary.ids() : null;
  }
}
