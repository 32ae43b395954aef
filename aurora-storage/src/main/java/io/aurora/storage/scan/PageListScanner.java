package io.aurora.storage.scan;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.PredicateEvaluator;
import io.aurora.storage.type.ColumnSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Scans in-memory pages: the rows of a mutable segment that were visible when the scan began. Each
 * page is filtered with the same kernels as segment blocks; the pages themselves are shared, never
 * copied.
 */
public final class PageListScanner {
  private PageListScanner() {}

  /**
   * A split over {@code pages[0 .. pageCount)}, whose channels are {@code pageColumns} (a prefix of
   * the table's columns when the table gained columns after the pages were written).
   */
  public static ScanSplit split(
      List<ColumnSchema> pageColumns,
      Page[] pages,
      int pageCount,
      long rowCount,
      ScanContext context) {
    int[] predicateChannels = new int[context.predicates().size()];
    for (int i = 0; i < predicateChannels.length; i++) {
      predicateChannels[i] = channel(pageColumns, context.predicateColumn(i).name());
    }
    List<ColumnSchema> outputs = context.outputColumns();
    int[] outputChannels = new int[outputs.size()];
    for (int i = 0; i < outputChannels.length; i++) {
      outputChannels[i] = channel(pageColumns, outputs.get(i).name());
    }
    context.statistics().addSegment(false);
    return new ScanSplit() {
      @Override
      public PageSource open() {
        return new PageSource() {
          private int next;

          @Override
          public @Nullable Page next() {
            while (next < pageCount) {
              Page page = filter(pages[next++], context, predicateChannels, outputChannels);
              if (page != null) {
                return page;
              }
            }
            return null;
          }
        };
      }

      @Override
      public long estimatedRows() {
        return rowCount;
      }
    };
  }

  /**
   * Marks in {@code matched} (indexed by position of the page's blocks) the page's rows that
   * satisfy every predicate of the context, and returns how many it marked that were not marked
   * before: what a DELETE with that conjunction removes from a mutable segment.
   */
  public static int markMatching(
      List<ColumnSchema> pageColumns, Page page, ScanContext context, boolean[] matched) {
    int rows = page.positionCount();
    int[] selection = page.selection();
    int count = page.rowCount();
    List<ColumnPredicate> predicates = context.predicates();
    for (int i = 0; i < predicates.size() && count > 0; i++) {
      ColumnSchema schema = context.predicateColumn(i);
      Block values = block(page, channel(pageColumns, schema.name()), schema, rows);
      int[] output = new int[count];
      count =
          PredicateEvaluator.filter(
              predicates.get(i), schema.type(), values, selection, count, output);
      selection = output;
    }
    int marked = 0;
    for (int i = 0; i < count; i++) {
      int position = selection == null ? i : selection[i];
      if (!matched[position]) {
        matched[position] = true;
        marked++;
      }
    }
    return marked;
  }

  /**
   * The page without its rows that satisfy any of the contexts' conjunctions: the page itself when
   * none does, null when every row does, else a view of it with a selection.
   */
  public static @Nullable Page withoutMatching(
      List<ColumnSchema> pageColumns, Page page, List<ScanContext> contexts) {
    boolean[] matched = new boolean[page.positionCount()];
    int marked = 0;
    for (ScanContext context : contexts) {
      marked += markMatching(pageColumns, page, context, matched);
    }
    if (marked == 0) {
      return page;
    }
    if (marked == page.rowCount()) {
      return null;
    }
    int[] positions = new int[page.rowCount() - marked];
    int count = 0;
    for (int row = 0; row < page.rowCount(); row++) {
      int position = page.position(row);
      if (!matched[position]) {
        positions[count++] = position;
      }
    }
    return page.withSelection(positions, count);
  }

  private static int channel(List<ColumnSchema> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static @Nullable Page filter(
      Page page, ScanContext context, int[] predicateChannels, int[] outputChannels) {
    int rows = page.positionCount();
    int[] selection = page.selection();
    int count = page.rowCount();
    List<ColumnPredicate> predicates = context.predicates();
    for (int i = 0; i < predicates.size() && count > 0; i++) {
      ColumnSchema schema = context.predicateColumn(i);
      Block values = block(page, predicateChannels[i], schema, rows);
      int[] output = new int[count];
      count =
          PredicateEvaluator.filter(
              predicates.get(i), schema.type(), values, selection, count, output);
      selection = output;
    }
    context.statistics().addRows(page.rowCount(), count);
    if (count == 0) {
      return null;
    }
    List<ColumnSchema> outputs = context.outputColumns();
    Block[] blocks = new Block[outputChannels.length];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = block(page, outputChannels[i], outputs.get(i), rows);
    }
    Page result = new Page(rows, blocks);
    return selection == null || count == rows ? result : result.withSelection(selection, count);
  }

  private static Block block(Page page, int channel, ColumnSchema schema, int rows) {
    return channel < 0 ? NullBlocks.create(schema.type(), rows) : page.block(channel);
  }
}
