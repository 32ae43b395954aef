package io.aurora.sql.operator.testing;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Builds operator input pages from rows of Java values and reads pages back as rows. */
public final class TestingPages {
  private TestingPages() {}

  /** A page of the given rows, values as {@link BlockBuilder#appendObject} accepts them. */
  public static Page page(List<DataType> types, List<? extends List<?>> rows) {
    Block[] blocks = new Block[types.size()];
    for (int channel = 0; channel < types.size(); channel++) {
      blocks[channel] = block(types.get(channel), column(rows, channel));
    }
    return new Page(rows.size(), blocks);
  }

  /** A block of the given values. */
  public static Block block(DataType type, List<?> values) {
    BlockBuilder builder = BlockBuilder.forType(type, values.size());
    for (Object value : values) {
      builder.appendObject(value, type);
    }
    return builder.build();
  }

  /**
   * A block of strings encoded against {@code dictionary}, which must hold every non-null value.
   */
  public static DictionaryBlock dictionaryBlock(
      VarcharBlock dictionary, List<@Nullable String> values) {
    int[] ids = new int[values.size()];
    boolean[] nulls = new boolean[values.size()];
    boolean hasNull = false;
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value == null) {
        nulls[i] = true;
        hasNull = true;
      } else {
        ids[i] = indexOf(dictionary, value);
      }
    }
    return new DictionaryBlock(values.size(), ids, dictionary, false, hasNull ? nulls : null);
  }

  private static int indexOf(VarcharBlock dictionary, String value) {
    for (int i = 0; i < dictionary.positionCount(); i++) {
      if (value.equals(dictionary.string(i))) {
        return i;
      }
    }
    throw new IllegalArgumentException("value[" + value + "] is not in the dictionary");
  }

  /**
   * The same rows as {@code page(types, rows)}, but hidden among extra rows that a selection vector
   * filters out, so operators must honor the selection.
   */
  public static Page pageWithSelection(
      List<DataType> types, List<? extends List<?>> rows, List<?> filler, Random random) {
    List<List<?>> all = new ArrayList<>();
    int[] selection = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      while (random.nextInt(3) == 0) {
        all.add(filler);
      }
      selection[i] = all.size();
      all.add(rows.get(i));
    }
    all.add(filler);
    return page(types, all).withSelection(selection, rows.size());
  }

  /** The rows of a page (its selected rows when it has a selection), as Java values. */
  public static List<List<@Nullable Object>> rows(Page page) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (int row = 0; row < page.rowCount(); row++) {
      List<@Nullable Object> values = new ArrayList<>();
      for (int channel = 0; channel < page.channelCount(); channel++) {
        values.add(page.objectValue(channel, row));
      }
      rows.add(Collections.unmodifiableList(values));
    }
    return rows;
  }

  /** The rows of all pages, in order. */
  public static List<List<@Nullable Object>> rows(List<Page> pages) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (Page page : pages) {
      rows.addAll(rows(page));
    }
    return rows;
  }

  /** Splits rows into pages of random sizes between 1 and {@code maxRows}. */
  public static List<Page> randomPages(
      List<DataType> types, List<? extends List<?>> rows, int maxRows, Random random) {
    List<Page> pages = new ArrayList<>();
    int at = 0;
    while (at < rows.size()) {
      int size = Math.min(rows.size() - at, 1 + random.nextInt(maxRows));
      pages.add(page(types, rows.subList(at, at + size)));
      at += size;
    }
    return pages;
  }

  /** A row of the given values; unlike {@code List.of} it accepts nulls. */
  public static List<@Nullable Object> row(@Nullable Object... values) {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  private static List<@Nullable Object> column(List<? extends List<?>> rows, int channel) {
    List<@Nullable Object> values = new ArrayList<>(rows.size());
    for (List<?> row : rows) {
      values.add(row.get(channel));
    }
    return values;
  }
}
