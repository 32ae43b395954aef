package io.aurora.sql.testing;

import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The deterministic data set of the differential tests: an event table partitioned by day with
 * skewed user ids and nulls in most columns, a user dimension table, a one-row table and an empty
 * table. Values are Java objects as {@code BlockBuilder.appendObject} and JDBC accept them.
 */
public final class TestingData {
  public static final long START_MICROS = 1_735_689_600_000_000L;
  private static final String[] EVENT_TYPES = {"view", "click", "purchase", "signup", "logout"};
  private static final String[] COUNTRIES = {
    "DE", "FR", "US", "JP", "BR", "IN", "ZA", "Österreich", ""
  };
  private static final String[] PLANS = {"free", "pro", "team"};

  private TestingData() {}

  /** A table's definition and rows. */
  public record TableData(String name, TableSchema schema, List<List<Object>> rows) {}

  public static List<TableData> tables(long seed) {
    return List.of(events(seed, 6000), users(seed, 400), oneRow(), empty());
  }

  static List<ColumnSchema> eventColumns() {
    return List.of(
        new ColumnSchema("ts", DataType.TIMESTAMP, false),
        ColumnSchema.of("user_id", DataType.BIGINT),
        ColumnSchema.of("event_type", DataType.VARCHAR),
        ColumnSchema.of("country", DataType.VARCHAR),
        ColumnSchema.of("revenue", DataType.decimal(12, 2)),
        ColumnSchema.of("duration", DataType.DOUBLE),
        ColumnSchema.of("score", DataType.INTEGER),
        ColumnSchema.of("flag", DataType.BOOLEAN),
        ColumnSchema.of("day", DataType.DATE),
        ColumnSchema.of("small", DataType.SMALLINT),
        ColumnSchema.of("url", DataType.VARCHAR));
  }

  static TableData events(long seed, int count) {
    Random random = new Random(seed);
    List<List<Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long ts = START_MICROS + (long) (random.nextDouble() * 10 * 86_400_000_000L);
      int skew = (int) Math.floor(Math.pow(random.nextDouble(), 3) * 500);
      rows.add(
          Arrays.asList(
              ts,
              random.nextInt(40) == 0 ? null : (long) skew,
              random.nextInt(15) == 0
                  ? null
                  : EVENT_TYPES[
                      Math.min(
                          EVENT_TYPES.length - 1,
                          (int) Math.floor(Math.pow(random.nextDouble(), 2) * EVENT_TYPES.length))],
              random.nextInt(20) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)],
              random.nextInt(10) == 0
                  ? null
                  : BigDecimal.valueOf(random.nextInt(100_000) - 20_000, 2),
              random.nextInt(12) == 0 ? null : Math.round(random.nextDouble() * 1e6) / 1000.0,
              random.nextInt(8) == 0 ? null : random.nextInt(201) - 100,
              random.nextInt(10) == 0 ? null : random.nextBoolean(),
              random.nextInt(10) == 0 ? null : 20_089 + random.nextInt(30),
              random.nextInt(10) == 0 ? null : random.nextInt(64) - 10,
              random.nextInt(10) == 0
                  ? null
                  : "https://example.com/"
                      + (char) ('a' + random.nextInt(26))
                      + "/"
                      + random.nextInt(300)));
    }
    return new TableData(
        "events",
        new TableSchema(eventColumns(), "ts", PartitionGranularity.DAY, List.of(), 1),
        rows);
  }

  static TableData users(long seed, int count) {
    Random random = new Random(seed + 1);
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("user_id", DataType.BIGINT, false),
            ColumnSchema.of("name", DataType.VARCHAR),
            ColumnSchema.of("age", DataType.INTEGER),
            ColumnSchema.of("signup", DataType.DATE),
            ColumnSchema.of("plan", DataType.VARCHAR));
    List<List<Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(
          Arrays.asList(
              (long) (i * 2),
              random.nextInt(12) == 0 ? null : "user " + i,
              random.nextInt(9) == 0 ? null : 18 + random.nextInt(60),
              random.nextInt(9) == 0 ? null : 19_000 + random.nextInt(1000),
              PLANS[random.nextInt(PLANS.length)]));
    }
    return new TableData("users", TableSchema.of(columns), rows);
  }

  static TableData oneRow() {
    List<ColumnSchema> columns =
        List.of(ColumnSchema.of("x", DataType.INTEGER), ColumnSchema.of("s", DataType.VARCHAR));
    List<List<Object>> rows = new ArrayList<>();
    rows.add(Arrays.asList(42, "only"));
    return new TableData("one_row", TableSchema.of(columns), rows);
  }

  static TableData empty() {
    return new TableData(
        "empty_events",
        new TableSchema(eventColumns(), "ts", PartitionGranularity.DAY, List.of(), 1),
        List.of());
  }
}
