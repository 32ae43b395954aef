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
 * skewed user ids and nulls in most columns, a user dimension table, a one-row table, an empty
 * table, a table of type edge values (extreme BIGINTs, DECIMALs and dates, REALs, long, empty and
 * non-ASCII strings, LIKE metacharacters) and a table of special doubles (NaN, infinities, signed
 * zeros). Values are Java objects as {@code BlockBuilder.appendObject} and JDBC accept them.
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
    return List.of(
        events(seed, 6000), users(seed, 400), oneRow(), empty(), edgeValues(), specialDoubles());
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

  static TableData edgeValues() {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("id", DataType.INTEGER, false),
            ColumnSchema.of("big", DataType.BIGINT),
            ColumnSchema.of("r", DataType.REAL),
            ColumnSchema.of("d", DataType.DOUBLE),
            ColumnSchema.of("dec", DataType.decimal(18, 4)),
            ColumnSchema.of("s", DataType.VARCHAR),
            ColumnSchema.of("b", DataType.BOOLEAN),
            ColumnSchema.of("dt", DataType.DATE),
            ColumnSchema.of("t", DataType.TIMESTAMP),
            ColumnSchema.of("i", DataType.INTEGER),
            ColumnSchema.of("sm", DataType.SMALLINT));
    long dayMicros = 86_400_000_000L;
    List<List<Object>> rows = new ArrayList<>();
    rows.add(
        Arrays.asList(
            1,
            Long.MAX_VALUE,
            1.5f,
            1e308,
            new BigDecimal("99999999999999.9999"),
            "abc",
            true,
            0,
            0L,
            Integer.MAX_VALUE,
            (short) 32767));
    rows.add(
        Arrays.asList(
            2,
            -Long.MAX_VALUE,
            -0.25f,
            -1e-300,
            new BigDecimal("-99999999999999.9999"),
            "",
            false,
            -25_567,
            -25_567L * dayMicros,
            -Integer.MAX_VALUE,
            (short) -32767));
    rows.add(
        Arrays.asList(
            3,
            0L,
            0.0f,
            0.0,
            new BigDecimal("0.0000"),
            "a%b_c",
            null,
            376_199,
            376_199L * dayMicros + 86_399_999_999L,
            0,
            (short) 0));
    rows.add(Arrays.asList(4, null, null, null, null, null, null, null, null, null, null));
    rows.add(
        Arrays.asList(
            5,
            4_611_686_018_427_387_904L,
            3.0e38f,
            Double.MAX_VALUE,
            new BigDecimal("0.0001"),
            "Ärger über 日本",
            true,
            19_782,
            19_782L * dayMicros + 1L,
            1,
            (short) 1));
    rows.add(
        Arrays.asList(
            6,
            -4_611_686_018_427_387_904L,
            -1.0e-30f,
            -Double.MIN_VALUE,
            new BigDecimal("-0.0001"),
            "x".repeat(1000),
            false,
            19_783,
            19_783L * dayMicros + 43_200_000_000L,
            -1,
            (short) -1));
    rows.add(
        Arrays.asList(
            7,
            1L,
            100.125f,
            -123.456,
            new BigDecimal("2.5000"),
            "back\\slash it's",
            true,
            10_957,
            10_957L * dayMicros + 12_345_678L,
            100,
            (short) 100));
    rows.add(
        Arrays.asList(
            8,
            -1L,
            -100.125f,
            0.5,
            new BigDecimal("-2.5000"),
            "  padded  ",
            null,
            -1,
            -1L,
            -100,
            (short) -100));
    rows.add(
        Arrays.asList(
            9,
            1_000_000_007L,
            2.5f,
            2.5,
            new BigDecimal("1.0500"),
            "ABC",
            false,
            19_782,
            19_782L * dayMicros,
            7,
            (short) 7));
    return new TableData("edge_values", TableSchema.of(columns), rows);
  }

  static TableData specialDoubles() {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("id", DataType.INTEGER, false), ColumnSchema.of("v", DataType.DOUBLE));
    double[] values = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      0.0,
      -0.0,
      1.5,
      -2.0,
      Double.NaN
    };
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      rows.add(Arrays.asList(i + 1, values[i]));
    }
    rows.add(Arrays.asList(values.length + 1, null));
    return new TableData("special_doubles", TableSchema.of(columns), rows);
  }
}
