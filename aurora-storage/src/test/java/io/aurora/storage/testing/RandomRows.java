package io.aurora.storage.testing;

import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded random rows for every storage type, rich in edge values: nulls, MIN/MAX, NaN, -0.0,
 * infinities, empty, long and non-ASCII strings, runs and sorted stretches.
 */
public final class RandomRows {
  private static final String[] WORDS = {
    "", "a", "berlin", "Zürich", "東京", "😀 emoji", "new york", "paris", "a\u0000b", "lisbon"
  };

  private RandomRows() {}

  /** A table with one nullable column of each type, plus a NOT NULL BIGINT. */
  public static List<ColumnSchema> allTypes() {
    return List.of(
        ColumnSchema.of("b", DataType.BOOLEAN),
        ColumnSchema.of("s", DataType.SMALLINT),
        ColumnSchema.of("i", DataType.INTEGER),
        new ColumnSchema("l", DataType.BIGINT, false),
        ColumnSchema.of("r", DataType.REAL),
        ColumnSchema.of("d", DataType.DOUBLE),
        ColumnSchema.of("m", DataType.decimal(18, 4)),
        ColumnSchema.of("v", DataType.VARCHAR),
        ColumnSchema.of("w", DataType.VARCHAR),
        ColumnSchema.of("dt", DataType.DATE),
        ColumnSchema.of("ts", DataType.TIMESTAMP));
  }

  public static List<List<Object>> rows(List<ColumnSchema> columns, int count, long seed) {
    Random random = new Random(seed);
    double nullRate = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.5;
    List<List<Object>> rows = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      Object[] row = new Object[columns.size()];
      for (int c = 0; c < columns.size(); c++) {
        ColumnSchema column = columns.get(c);
        row[c] =
            column.nullable() && random.nextDouble() < nullRate
                ? null
                : value(column.type(), r, random);
      }
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  static Object value(DataType type, int row, Random random) {
    int shape = random.nextInt(10);
    return switch (type.kind()) {
      case BOOLEAN -> random.nextBoolean();
      case SMALLINT ->
          shape == 0
              ? (int) Short.MIN_VALUE
              : shape == 1 ? (int) Short.MAX_VALUE : random.nextInt(100);
      case INTEGER ->
          shape == 0
              ? Integer.MIN_VALUE
              : shape == 1 ? Integer.MAX_VALUE : shape < 5 ? row : random.nextInt();
      case BIGINT ->
          shape == 0
              ? Long.MIN_VALUE
              : shape == 1 ? Long.MAX_VALUE : shape < 6 ? (long) row * 3 : random.nextLong();
      case REAL ->
          switch (shape) {
            case 0 -> Float.NaN;
            case 1 -> -0.0f;
            case 2 -> Float.POSITIVE_INFINITY;
            case 3 -> Float.MIN_VALUE;
            default -> random.nextFloat() * 1000 - 500;
          };
      case DOUBLE ->
          switch (shape) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> Double.MAX_VALUE;
            default -> random.nextGaussian() * 1e6;
          };
      case DECIMAL ->
          shape == 0 ? 999_999_999_999_999_999L : (long) random.nextInt(1_000_000) * 100;
      case VARCHAR ->
          switch (shape) {
            case 0 -> "x".repeat(random.nextInt(5000));
            case 1, 2 -> "id-" + random.nextInt(1_000_000);
            default -> WORDS[random.nextInt(WORDS.length)];
          };
      case DATE -> shape == 0 ? -719_162 : 19_000 + random.nextInt(1000);
      case TIMESTAMP ->
          shape == 0
              ? Long.MIN_VALUE + 1
              : 1_700_000_000_000_000L + (long) row * 1_000_000 + random.nextInt(1000);
    };
  }
}
