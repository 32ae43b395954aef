package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A batch of rows: one {@link Block} per column (channel), all with the same position count, plus
 * an optional selection vector.
 *
 * <p>Without a selection every position is a row of the page. With one, only the positions listed
 * in {@code selection[0 .. selectedCount)} (ascending, no duplicates) are rows; the others were
 * filtered out but are still in the blocks, so a filter costs no copying. Kernels loop either over
 * all positions or over the selection:
 *
 * <pre>{@code
 * int[] selection = page.selection();
 * if (selection == null) {
 *   for (int position = 0; position < page.positionCount(); position++) { ... }
 * } else {
 *   for (int i = 0; i < page.selectedCount(); i++) { int position = selection[i]; ... }
 * }
 * }</pre>
 *
 * Pages are immutable and may be shared between threads once published.
 */
public final class Page {
  private final int positionCount;
  private final Block[] blocks;
  private final int @Nullable [] selection;
  private final int selectedCount;

  public Page(int positionCount, Block... blocks) {
    this(positionCount, blocks, null, positionCount);
  }

  private Page(int positionCount, Block[] blocks, int @Nullable [] selection, int selectedCount) {
    requireNonNull(blocks, "blocks is null");
    for (int i = 0; i < blocks.length; i++) {
      if (blocks[i].positionCount() != positionCount) {
        throw new IllegalArgumentException(
            "block "
                + i
                + " has "
                + blocks[i].positionCount()
                + " positions, the page "
                + positionCount);
      }
    }
    this.positionCount = positionCount;
    this.blocks = blocks;
    this.selection = selection;
    this.selectedCount = selectedCount;
  }

  /**
   * A page over all positions of the given blocks; every block must have at least one position
   * count.
   */
  public static Page of(Block... blocks) {
    if (blocks.length == 0) {
      throw new IllegalArgumentException("a page without blocks needs an explicit position count");
    }
    return new Page(blocks[0].positionCount(), blocks.clone());
  }

  /**
   * A view of this page's blocks that keeps only {@code selection[0 .. selectedCount)}; the array
   * is not copied and must not be modified afterwards. The positions must be ascending positions of
   * this page's blocks (not of its current selection).
   */
  public Page withSelection(int[] selection, int selectedCount) {
    requireNonNull(selection, "selection is null");
    if (selectedCount < 0 || selectedCount > selection.length || selectedCount > positionCount) {
      throw new IllegalArgumentException("selectedCount out of range: " + selectedCount);
    }
    if (selectedCount == positionCount) {
      return selection == this.selection
          ? this
          : new Page(positionCount, blocks, null, positionCount);
    }
    return new Page(positionCount, blocks, selection, selectedCount);
  }

  /** The number of positions in each block, including those outside the selection. */
  public int positionCount() {
    return positionCount;
  }

  /** The number of rows in this page: the selected positions, or all of them. */
  public int rowCount() {
    return selectedCount;
  }

  /** The selection vector, or {@code null} when every position is a row. Not a copy. */
  public int @Nullable [] selection() {
    return selection;
  }

  public int selectedCount() {
    return selectedCount;
  }

  public int channelCount() {
    return blocks.length;
  }

  public Block block(int channel) {
    return blocks[channel];
  }

  /** The position in the blocks of the {@code row}-th row. */
  public int position(int row) {
    return selection == null ? row : selection[row];
  }

  /** A page with the given channels of this one, in that order; the selection is kept. */
  public Page project(int... channels) {
    Block[] projected = new Block[channels.length];
    for (int i = 0; i < channels.length; i++) {
      projected[i] = blocks[channels[i]];
    }
    return new Page(positionCount, projected, selection, selectedCount);
  }

  /**
   * A page without a selection: this page itself if it has none, else a copy of the selected rows.
   */
  public Page compact() {
    if (selection == null) {
      return this;
    }
    Block[] copied = new Block[blocks.length];
    for (int i = 0; i < blocks.length; i++) {
      copied[i] = blocks[i].copyPositions(selection, 0, selectedCount);
    }
    return new Page(selectedCount, copied, null, selectedCount);
  }

  /**
   * The value of {@code channel} in the {@code row}-th row as a Java object; for tests and tools.
   */
  public @Nullable Object objectValue(int channel, int row) {
    return blocks[channel].objectValue(position(row));
  }

  /** Heap bytes held by the blocks (shared dictionaries not counted). */
  public long retainedBytes() {
    long bytes = 32;
    for (Block block : blocks) {
      bytes += block.retainedBytes();
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "Page{positions="
        + positionCount
        + ", rows="
        + selectedCount
        + ", channels="
        + blocks.length
        + (selection == null
            ? ""
            : ", selection="
                + Arrays.toString(Arrays.copyOf(selection, Math.min(8, selectedCount))))
        + "}";
  }
}
