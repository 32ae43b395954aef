package io.aurora.consensus;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded random pages of every storage type, with nulls and edge values, for consensus tests. */
final class TestingPages {
  private static final String[] WORDS = {"", "a", "berlin", "Zürich", "東京", "😀", "a\u0000b"};

  private TestingPages() {}

  /** One nullable column of each type. */
  static List<ColumnSchema> allTypes() {
    return List.of(
        ColumnSchema.of("b", DataType.BOOLEAN),
        ColumnSchema.of("s", DataType.SMALLINT),
        ColumnSchema.of("i", DataType.INTEGER),
        ColumnSchema.of("l", DataType.BIGINT),
        ColumnSchema.of("r", DataType.REAL),
        ColumnSchema.of("d", DataType.DOUBLE),
        ColumnSchema.of("m", DataType.decimal(18, 4)),
        ColumnSchema.of("v", DataType.VARCHAR),
        ColumnSchema.of("dt", DataType.DATE),
        ColumnSchema.of("ts", DataType.TIMESTAMP));
  }

  static Page randomPage(List<ColumnSchema> columns, int rows, Random random) {
    double nullRate = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.5;
    boolean isAllNull = random.nextInt(10) == 0;
    Block[] blocks = new Block[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      DataType type = columns.get(c).type();
      BlockBuilder builder = BlockBuilder.forType(type, rows);
      for (int r = 0; r < rows; r++) {
        boolean isNull = isAllNull || random.nextDouble() < nullRate;
        builder.appendObject(isNull ? null : value(type, r, random), type);
      }
      blocks[c] = builder.build();
    }
    return new Page(rows, blocks);
  }

  private static Object value(DataType type, int row, Random random) {
    int shape = random.nextInt(8);
    return switch (type.kind()) {
      case BOOLEAN -> random.nextBoolean();
      case SMALLINT -> shape == 0 ? (int) Short.MIN_VALUE : random.nextInt(100);
      case INTEGER -> shape == 0 ? Integer.MIN_VALUE : shape < 4 ? row : random.nextInt();
      case BIGINT -> shape == 0 ? Long.MAX_VALUE : shape < 4 ? (long) row * 3 : random.nextLong();
      case REAL -> shape == 0 ? Float.NaN : shape == 1 ? -0.0f : random.nextFloat() * 1000;
      case DOUBLE ->
          shape == 0 ? Double.NEGATIVE_INFINITY : shape == 1 ? -0.0 : random.nextGaussian();
      case DECIMAL -> (long) random.nextInt(1_000_000) * 100;
      case VARCHAR -> shape == 0 ? "id-" + random.nextInt(1000) : WORDS[random.nextInt(7)];
      case DATE -> 19_000 + random.nextInt(1000);
      case TIMESTAMP -> 1_700_000_000_000_000L + (long) row * 1_000_000;
    };
  }

  /** The rows of a page as lists of Java values, selection applied. */
  static List<List<Object>> rows(Page page) {
    List<List<Object>> rows = new ArrayList<>(page.rowCount());
    for (int row = 0; row < page.rowCount(); row++) {
      Object[] values = new Object[page.channelCount()];
      for (int channel = 0; channel < values.length; channel++) {
        values[channel] = page.objectValue(channel, row);
      }
      rows.add(Arrays.asList(values));
    }
    return rows;
  }
}
