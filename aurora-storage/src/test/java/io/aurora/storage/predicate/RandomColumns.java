package io.aurora.storage.predicate;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Random columns, predicates and a brute-force oracle for the predicate tests. Values are drawn
 * from small pools full of edge cases (MIN/MAX, NaN, -0.0, infinities, empty and multi-byte
 * strings) so that equal values and boundary comparisons are frequent.
 */
final class RandomColumns {
  /** A column under test: its SQL type, and for VARCHAR how the block is encoded. */
  enum Column {
    BOOLEAN(DataType.BOOLEAN),
    SMALLINT(DataType.SMALLINT),
    INTEGER(DataType.INTEGER),
    DATE(DataType.DATE),
    BIGINT(DataType.BIGINT),
    TIMESTAMP(DataType.TIMESTAMP),
    DECIMAL(DataType.decimal(18, 2)),
    REAL(DataType.REAL),
    DOUBLE(DataType.DOUBLE),
    VARCHAR(DataType.VARCHAR),
    VARCHAR_SORTED_DICTIONARY(DataType.VARCHAR),
    VARCHAR_UNSORTED_DICTIONARY(DataType.VARCHAR);

    private final DataType type;

    Column(DataType type) {
      this.type = type;
    }

    DataType type() {
      return type;
    }
  }

  private static final long[] LONG_EDGES = {
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1,
    Integer.MIN_VALUE - 1L,
    Integer.MIN_VALUE,
    -1,
    0,
    1,
    2,
    Integer.MAX_VALUE,
    Integer.MAX_VALUE + 1L,
    3_000_000_000L,
    Long.MAX_VALUE - 1,
    Long.MAX_VALUE
  };
  private static final double[] DOUBLE_EDGES = {
    Double.NaN,
    Double.NEGATIVE_INFINITY,
    Double.POSITIVE_INFINITY,
    -0.0,
    0.0,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    1.0,
    -1.0,
    0.1,
    2.5,
    Float.MAX_VALUE,
    Double.MAX_VALUE,
    -Double.MAX_VALUE
  };
  private static final String[] STRINGS = {
    "", "a", "ab", "abc", "b", "z", "\u007f", "\u0080", "é", "éa", "日", "日本", "日本語", "😀", "a😀",
    "a日", "ab日", "\u00ff"
  };

  private final Random random;

  RandomColumns(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  /** A random value of the column as {@link Block#objectValue} returns it. */
  Object value(Column column) {
    return switch (column.type().physicalType()) {
      case BOOLEAN -> random.nextBoolean();
      case INT -> (int) clamp(longValue(), Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG -> longValue();
      case FLOAT -> (float) doubleValue();
      case DOUBLE -> doubleValue();
      case VARCHAR -> string();
    };
  }

  private static long clamp(long value, long low, long high) {
    return Math.max(low, Math.min(high, value));
  }

  private long longValue() {
    return switch (random.nextInt(3)) {
      case 0 -> LONG_EDGES[random.nextInt(LONG_EDGES.length)];
      case 1 -> random.nextInt(11) - 5;
      default -> random.nextLong();
    };
  }

  private double doubleValue() {
    return switch (random.nextInt(3)) {
      case 0 -> DOUBLE_EDGES[random.nextInt(DOUBLE_EDGES.length)];
      case 1 -> random.nextInt(11) - 5;
      default -> random.nextGaussian() * 100;
    };
  }

  private String string() {
    if (random.nextInt(3) > 0) {
      return STRINGS[random.nextInt(STRINGS.length)];
    }
    StringBuilder builder = new StringBuilder();
    int length = random.nextInt(5);
    for (int i = 0; i < length; i++) {
      builder.append(STRINGS[1 + random.nextInt(STRINGS.length - 1)]);
    }
    return builder.toString();
  }

  /** A predicate constant: a value of the column, or an out-of-type one for numeric columns. */
  Object constant(Column column) {
    return switch (column.type().physicalType()) {
      case BOOLEAN, VARCHAR -> value(column);
      case INT, LONG -> {
        long value = random.nextBoolean() ? longValue() : ((Number) value(column)).longValue();
        // Integer constants exercise the defensive normalization of boxed types.
        yield value == (int) value && random.nextInt(4) == 0 ? (Object) (int) value : value;
      }
      case FLOAT, DOUBLE -> {
        double value =
            random.nextBoolean() ? doubleValue() : ((Number) value(column)).doubleValue();
        yield random.nextInt(4) == 0 ? (Object) (float) value : value;
      }
    };
  }

  /** A random predicate of any kind that fits the column. */
  ColumnPredicate predicate(Column column) {
    int kinds = column.type().physicalType() == io.aurora.storage.type.PhysicalType.VARCHAR ? 6 : 5;
    return switch (random.nextInt(kinds)) {
      case 0, 1 -> {
        ColumnPredicate.Operator[] operators = ColumnPredicate.Operator.values();
        yield new ColumnPredicate.Comparison(
            "c", operators[random.nextInt(operators.length)], constant(column));
      }
      case 2 -> new ColumnPredicate.Between("c", constant(column), constant(column));
      case 3 -> {
        List<Object> values = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          values.add(constant(column));
        }
        yield new ColumnPredicate.In("c", values);
      }
      case 4 ->
          random.nextBoolean()
              ? new ColumnPredicate.IsNull("c")
              : new ColumnPredicate.IsNotNull("c");
      default -> new ColumnPredicate.LikePrefix("c", prefix());
    };
  }

  /** A LIKE prefix, often cut in the middle of a multi-byte string. */
  private String prefix() {
    String value = string();
    int end = random.nextInt(value.length() + 1);
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end++;
    }
    return value.substring(0, end);
  }

  /** A random block of the column; some blocks have no nulls, some only nulls. */
  Block block(Column column, int positionCount) {
    double nullRate =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> 1;
          default -> 0.3;
        };
    @Nullable Object[] values = new Object[positionCount];
    for (int i = 0; i < positionCount; i++) {
      values[i] = random.nextDouble() < nullRate ? null : value(column);
    }
    return block(column, values);
  }

  /** A block holding exactly the given values. */
  Block block(Column column, @Nullable Object[] values) {
    if (column == Column.VARCHAR_SORTED_DICTIONARY
        || column == Column.VARCHAR_UNSORTED_DICTIONARY) {
      return dictionaryBlock(values, column == Column.VARCHAR_SORTED_DICTIONARY);
    }
    BlockBuilder builder = BlockBuilder.forType(column.type(), values.length);
    for (Object value : values) {
      builder.appendObject(value, column.type());
    }
    return builder.build();
  }

  private DictionaryBlock dictionaryBlock(@Nullable Object[] values, boolean isSorted) {
    Set<String> distinct = new LinkedHashSet<>();
    for (Object value : values) {
      if (value != null) {
        distinct.add((String) value);
      }
    }
    List<String> entries = new ArrayList<>(distinct);
    if (isSorted) {
      entries.sort((left, right) -> Arrays.compareUnsigned(utf8(left), utf8(right)));
    } else {
      java.util.Collections.shuffle(entries, random);
    }
    int[] ids = new int[values.length];
    boolean[] nulls = new boolean[values.length];
    boolean hasNull = false;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        nulls[i] = true;
        hasNull = true;
      } else {
        ids[i] = entries.indexOf(values[i]);
      }
    }
    VarcharBlock dictionary = VarcharBlock.of(entries.toArray(new String[0]));
    return new DictionaryBlock(values.length, ids, dictionary, isSorted, hasNull ? nulls : null);
  }

  /** Random ascending positions of a block. */
  int[] selection(int positionCount) {
    int[] selection = new int[positionCount];
    int count = 0;
    double rate = random.nextDouble();
    for (int position = 0; position < positionCount; position++) {
      if (random.nextDouble() < rate) {
        selection[count++] = position;
      }
    }
    return Arrays.copyOf(selection, count);
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The brute-force answer: whether the value at {@code position} satisfies the predicate. */
  static boolean matches(ColumnPredicate predicate, Block block, int position) {
    Object value = block.objectValue(position);
    if (predicate instanceof ColumnPredicate.IsNull) {
      return value == null;
    }
    if (predicate instanceof ColumnPredicate.IsNotNull || value == null) {
      return value != null;
    }
    if (predicate instanceof ColumnPredicate.Comparison comparison) {
      int order = compare(value, comparison.value());
      return switch (comparison.operator()) {
        case EQUAL -> order == 0;
        case NOT_EQUAL -> order != 0;
        case LESS_THAN -> order < 0;
        case LESS_THAN_OR_EQUAL -> order <= 0;
        case GREATER_THAN -> order > 0;
        case GREATER_THAN_OR_EQUAL -> order >= 0;
      };
    }
    if (predicate instanceof ColumnPredicate.Between between) {
      return compare(value, between.low()) >= 0 && compare(value, between.high()) <= 0;
    }
    if (predicate instanceof ColumnPredicate.In in) {
      for (Object constant : in.values()) {
        if (compare(value, constant) == 0) {
          return true;
        }
      }
      return false;
    }
    return ((String) value).startsWith(((ColumnPredicate.LikePrefix) predicate).prefix());
  }

  /** Compares a block value with a constant in PostgreSQL order. */
  static int compare(Object value, Object constant) {
    if (value instanceof Boolean booleanValue) {
      return Boolean.compare(booleanValue, (Boolean) constant);
    }
    if (value instanceof String string) {
      return Arrays.compareUnsigned(utf8(string), utf8((String) constant));
    }
    if (value instanceof Float || value instanceof Double) {
      double left = ((Number) value).doubleValue();
      double right = ((Number) constant).doubleValue();
      if (Double.isNaN(left) || Double.isNaN(right)) {
        return Boolean.compare(Double.isNaN(left), Double.isNaN(right));
      }
      return left < right ? -1 : (left > right ? 1 : 0);
    }
    return Long.compare(((Number) value).longValue(), ((Number) constant).longValue());
  }
}
