package io.aurora.sql.operator.sort;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Random rows, pages built from them in the shapes operators meet (selections, dictionary strings,
 * empty pages), a driver loop, and a brute-force SQL row order for the sort and window operator
 * tests.
 */
public final class SortTestingPages {
  /** Every type the sort operators must order. */
  public static final List<DataType> ALL_TYPES =
      List.of(
          DataType.BOOLEAN,
          DataType.SMALLINT,
          DataType.INTEGER,
          DataType.BIGINT,
          DataType.REAL,
          DataType.DOUBLE,
          DataType.VARCHAR,
          DataType.DATE,
          DataType.TIMESTAMP,
          DataType.decimal(10, 2));

  private static final List<String> STRINGS =
      List.of("", "a", "A", "ab", "abc", "b", "z", "é", "éa", "日本", "日", "\u00ff", "a\u0000", "Zz");

  private static final double[] DOUBLES = {
    Double.NaN, -0.0, 0.0, 1.5, -1.5, 2.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300
  };

  private SortTestingPages() {}

  /** A random value of the type, null with probability {@code nullRate}, drawn to make ties. */
  public static @Nullable Object randomValue(DataType type, Random random, double nullRate) {
    if (random.nextDouble() < nullRate) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> random.nextBoolean();
      case SMALLINT, INTEGER, DATE ->
          random.nextInt(10) == 0
              ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
              : random.nextInt(40) - 20;
      case BIGINT, TIMESTAMP, DECIMAL ->
          random.nextInt(10) == 0
              ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE)
              : (long) random.nextInt(40) - 20;
      case REAL -> (float) DOUBLES[random.nextInt(DOUBLES.length - 1)];
      case DOUBLE ->
          random.nextInt(3) == 0
              ? DOUBLES[random.nextInt(DOUBLES.length)]
              : (double) (random.nextInt(20) - 10);
      case VARCHAR -> STRINGS.get(random.nextInt(STRINGS.size()));
    };
  }

  /** {@code count} random rows of the types. */
  public static List<List<@Nullable Object>> randomRows(
      List<DataType> types, int count, Random random) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<@Nullable Object> row = new ArrayList<>();
      for (DataType type : types) {
        row.add(randomValue(type, random, 0.15));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Splits rows into pages of random sizes (some empty); some pages carry the rows among junk
   * positions behind a selection vector, and VARCHAR columns are sometimes dictionary blocks,
   * either over one shared sorted dictionary or over a shuffled per-page one.
   */
  public static List<Page> randomPages(
      List<DataType> types, List<List<@Nullable Object>> rows, Random random) {
    List<Page> pages = new ArrayList<>();
    int at = 0;
    while (at < rows.size() || (pages.isEmpty() && random.nextBoolean())) {
      int size = Math.min(rows.size() - at, random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(300));
      List<List<@Nullable Object>> chunk = rows.subList(at, at + size);
      at += size;
      pages.add(page(types, chunk, random));
    }
    return pages;
  }

  private static Page page(List<DataType> types, List<List<@Nullable Object>> rows, Random random) {
    boolean withSelection = random.nextBoolean();
    List<List<@Nullable Object>> physical = new ArrayList<>();
    int[] selection = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      while (withSelection && random.nextInt(3) == 0) {
        physical.add(randomRows(types, 1, random).get(0));
      }
      selection[i] = physical.size();
      physical.add(rows.get(i));
    }
    if (withSelection) {
      physical.add(randomRows(types, 1, random).get(0));
    }
    Block[] blocks = new Block[types.size()];
    for (int channel = 0; channel < types.size(); channel++) {
      DataType type = types.get(channel);
      if (type.physicalType() == PhysicalType.VARCHAR
          && random.nextBoolean()
          && isFromStringPool(physical, channel)) {
        blocks[channel] = dictionaryBlock(physical, channel, random.nextBoolean(), random);
      } else {
        BlockBuilder builder = BlockBuilder.forType(type, physical.size());
        for (List<@Nullable Object> row : physical) {
          builder.appendObject(row.get(channel), type);
        }
        blocks[channel] = builder.build();
      }
    }
    Page page = new Page(physical.size(), blocks);
    return withSelection ? page.withSelection(selection, selection.length) : page;
  }

  private static boolean isFromStringPool(List<List<@Nullable Object>> rows, int channel) {
    for (List<@Nullable Object> row : rows) {
      Object value = row.get(channel);
      if (value != null && !STRINGS.contains(value)) {
        return false;
      }
    }
    return true;
  }

  private static final VarcharBlock SORTED_DICTIONARY = sortedDictionary();

  private static VarcharBlock sortedDictionary() {
    List<String> values = new ArrayList<>(STRINGS);
    values.sort(SortTestingPages::compareStrings);
    return VarcharBlock.of(values.toArray(String[]::new));
  }

  private static DictionaryBlock dictionaryBlock(
      List<List<@Nullable Object>> rows, int channel, boolean isShared, Random random) {
    List<String> order = new ArrayList<>(STRINGS);
    VarcharBlock dictionary = SORTED_DICTIONARY;
    if (isShared) {
      order.sort(SortTestingPages::compareStrings);
    } else {
      Collections.shuffle(order, random);
      dictionary = VarcharBlock.of(order.toArray(String[]::new));
    }
    int[] ids = new int[rows.size()];
    boolean[] nulls = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Object value = rows.get(i).get(channel);
      if (value == null) {
        nulls[i] = true;
      } else {
        ids[i] = order.indexOf(value);
      }
    }
    return new DictionaryBlock(rows.size(), ids, dictionary, isShared, nulls);
  }

  /** Runs an operator over the pages with the driver protocol, closes it, returns its output. */
  public static List<Page> drive(Operator operator, List<Page> input) {
    List<Page> output = new ArrayList<>();
    int next = 0;
    boolean isFinishCalled = false;
    for (int steps = 0; !operator.isFinished(); steps++) {
      assertThat(steps).as("operator makes progress").isLessThan(10_000_000);
      if (next < input.size() && operator.needsInput()) {
        operator.addInput(input.get(next++));
      } else if (!isFinishCalled && next == input.size()) {
        operator.finish();
        isFinishCalled = true;
      }
      Page page = operator.getOutput();
      if (page != null) {
        output.add(page);
      }
    }
    assertThat(operator.getOutput()).isNull();
    operator.close();
    return output;
  }

  /** The rows of the pages (honouring selections) as Java values. */
  public static List<List<@Nullable Object>> rows(List<Page> pages) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (Page page : pages) {
      for (int row = 0; row < page.rowCount(); row++) {
        List<@Nullable Object> values = new ArrayList<>();
        for (int channel = 0; channel < page.channelCount(); channel++) {
          values.add(page.objectValue(channel, row));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  /** SQL order of two non-null Java values of one type (PostgreSQL floats, C-collation strings). */
  public static int compareValues(Object left, Object right) {
    if (left instanceof Double || left instanceof Float) {
      double l = ((Number) left).doubleValue();
      double r = ((Number) right).doubleValue();
      return l == r ? 0 : Double.compare(l, r);
    }
    if (left instanceof String string) {
      return compareStrings(string, (String) right);
    }
    if (left instanceof Boolean bool) {
      return Boolean.compare(bool, (Boolean) right);
    }
    return Long.compare(((Number) left).longValue(), ((Number) right).longValue());
  }

  public static int compareStrings(String left, String right) {
    return Arrays.compareUnsigned(
        left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
  }

  /** The brute-force SQL order of rows by sort keys. */
  public static Comparator<List<@Nullable Object>> rowOrder(List<SortKey> keys) {
    return (left, right) -> {
      for (SortKey key : keys) {
        Object l = left.get(key.channel());
        Object r = right.get(key.channel());
        int result;
        if (l == null || r == null) {
          result = l == r ? 0 : ((l == null) == key.isNullsFirst() ? -1 : 1);
        } else {
          result = compareValues(l, r);
          result = key.isAscending() ? result : -result;
        }
        if (result != 0) {
          return result;
        }
      }
      return 0;
    };
  }

  /** Counts of equal rows, to compare outputs as multisets. */
  public static Map<List<@Nullable Object>, Integer> multiset(List<List<@Nullable Object>> rows) {
    Map<List<@Nullable Object>, Integer> counts = new HashMap<>();
    for (List<@Nullable Object> row : rows) {
      counts.merge(row, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Asserts that {@code actual} holds the same rows as {@code input} in an order the brute-force
   * comparator accepts: the keys of row i equal those of the brute-force sort's row i.
   */
  public static void assertSortedLike(
      List<List<@Nullable Object>> actual,
      List<List<@Nullable Object>> expectedSorted,
      List<SortKey> keys,
      String description) {
    assertThat(actual).as(description + ": row count").hasSize(expectedSorted.size());
    Comparator<List<@Nullable Object>> order = rowOrder(keys);
    for (int i = 0; i < actual.size(); i++) {
      if (order.compare(actual.get(i), expectedSorted.get(i)) != 0) {
        throw new AssertionError(
            description
                + ": row "
                + i
                + " is "
                + actual.get(i)
                + " but brute force sorts "
                + expectedSorted.get(i)
                + " there");
      }
    }
  }
}
