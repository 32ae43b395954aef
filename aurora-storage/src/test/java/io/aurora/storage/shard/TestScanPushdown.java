package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.ColumnPredicate.Between;
import io.aurora.storage.predicate.ColumnPredicate.Comparison;
import io.aurora.storage.predicate.ColumnPredicate.In;
import io.aurora.storage.predicate.ColumnPredicate.IsNotNull;
import io.aurora.storage.predicate.ColumnPredicate.IsNull;
import io.aurora.storage.predicate.ColumnPredicate.LikePrefix;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every predicate kind, a scan returns exactly the rows a brute-force filter keeps, and where
 * the statistics or indexes allow, the skip counters show partitions, segments or blocks skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestScanPushdown {
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final long START = 1_700_006_400_000_000L - 1_700_006_400_000_000L % DAY_MICROS;
  private static final int ROWS = 20_000;
  private static final List<ColumnSchema> COLUMNS =
      List.of(
          new ColumnSchema("ts", DataType.TIMESTAMP, false),
          new ColumnSchema("id", DataType.BIGINT, false),
          ColumnSchema.of("qty", DataType.INTEGER),
          ColumnSchema.of("price", DataType.DOUBLE),
          ColumnSchema.of("city", DataType.VARCHAR),
          ColumnSchema.of("url", DataType.VARCHAR),
          ColumnSchema.of("flag", DataType.BOOLEAN),
          ColumnSchema.of("day", DataType.DATE),
          ColumnSchema.of("amount", DataType.decimal(10, 2)),
          ColumnSchema.of("ratio", DataType.REAL));
  private static final String[] CITIES = {"oslo", "rome", "roma", "berlin", "zürich", "東京"};

  @TempDir static Path directory;
  private Shard shard;
  private final List<List<Object>> rows = new ArrayList<>();

  @BeforeAll
  void load() {
    Random random = new Random(7);
    for (int i = 0; i < ROWS; i++) {
      long ts = START + (long) i * (5 * DAY_MICROS / ROWS);
      rows.add(
          Arrays.asList(
              ts,
              (long) i * 2,
              random.nextInt(10) == 0 ? null : random.nextInt(100),
              random.nextInt(10) == 0
                  ? null
                  : random.nextInt(50) == 0 ? Double.NaN : random.nextDouble() * 200 - 50,
              i < 150
                  ? "reykjavik"
                  : random.nextInt(12) == 0 ? null : CITIES[random.nextInt(CITIES.length)],
              "u-" + i,
              random.nextBoolean(),
              random.nextInt(8) == 0 ? null : 19_000 + i / 100,
              (long) random.nextInt(100_000),
              random.nextFloat() * 10));
    }
    TableSchema schema = new TableSchema(COLUMNS, "ts", PartitionGranularity.DAY, List.of("id"), 1);
    StorageConfig config =
        StorageConfig.DEFAULT
            .withSegmentMaxRows(1_000_000)
            .withWriteOptions(SegmentWriteOptions.DEFAULT.withBlockRowCount(500));
    shard = Shard.open(directory, schema, config);
    int sealedRows = 18_000;
    for (int start = 0; start < sealedRows; start += 2_000) {
      shard.append(Rows.page(COLUMNS, rows.subList(start, start + 2_000)));
      shard.sealAll();
    }
    shard.append(Rows.page(COLUMNS, rows.subList(sealedRows, ROWS)));
    assertThat(shard.immutableSegmentCount()).isGreaterThanOrEqualTo(9);
  }

  @AfterAll
  void close() {
    shard.close();
  }

  enum Skip {
    NONE(statistics -> 0),
    PARTITIONS(ScanStatistics.Snapshot::partitionsSkipped),
    SEGMENTS(ScanStatistics.Snapshot::segmentsSkipped),
    BLOCKS(ScanStatistics.Snapshot::blocksSkippedByStatistics),
    INDEX(ScanStatistics.Snapshot::blocksSkippedByIndex);

    private final ToLongFunction<ScanStatistics.Snapshot> counter;

    Skip(ToLongFunction<ScanStatistics.Snapshot> counter) {
      this.counter = counter;
    }
  }

  record Case(String name, Skip expectedSkip, List<ColumnPredicate> predicates) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "ts between two days",
            Skip.PARTITIONS,
            List.of(new Between("ts", START + DAY_MICROS, START + 2 * DAY_MICROS))),
        new Case(
            "ts >= last day",
            Skip.PARTITIONS,
            List.of(new Comparison("ts", Operator.GREATER_THAN_OR_EQUAL, START + 4 * DAY_MICROS))),
        new Case("id = value", Skip.BLOCKS, List.of(new Comparison("id", Operator.EQUAL, 12_346L))),
        new Case(
            "id < value", Skip.BLOCKS, List.of(new Comparison("id", Operator.LESS_THAN, 999L))),
        new Case(
            "id <= value",
            Skip.BLOCKS,
            List.of(new Comparison("id", Operator.LESS_THAN_OR_EQUAL, 1_000L))),
        new Case(
            "id > value",
            Skip.BLOCKS,
            List.of(new Comparison("id", Operator.GREATER_THAN, 33_000L))),
        new Case("id <> value", Skip.NONE, List.of(new Comparison("id", Operator.NOT_EQUAL, 4L))),
        new Case("id in list", Skip.BLOCKS, List.of(new In("id", List.of(2L, 4L, 30_000L, 7L)))),
        new Case("id absent", Skip.SEGMENTS, List.of(new Comparison("id", Operator.EQUAL, 3L))),
        new Case(
            "qty >= 90",
            Skip.NONE,
            List.of(new Comparison("qty", Operator.GREATER_THAN_OR_EQUAL, 90L))),
        new Case("qty is null", Skip.NONE, List.of(new IsNull("qty"))),
        new Case("qty is not null", Skip.NONE, List.of(new IsNotNull("qty"))),
        new Case("id is null", Skip.SEGMENTS, List.of(new IsNull("id"))),
        new Case(
            "price > 100",
            Skip.NONE,
            List.of(new Comparison("price", Operator.GREATER_THAN, 100.0))),
        new Case(
            "price = NaN", Skip.NONE, List.of(new Comparison("price", Operator.EQUAL, Double.NaN))),
        new Case("price between", Skip.NONE, List.of(new Between("price", -10.0, 0.0))),
        new Case(
            "city = rare",
            Skip.INDEX,
            List.of(new Comparison("city", Operator.EQUAL, "reykjavik"))),
        new Case(
            "city = common", Skip.NONE, List.of(new Comparison("city", Operator.EQUAL, "oslo"))),
        new Case(
            "city absent",
            Skip.SEGMENTS,
            List.of(new Comparison("city", Operator.EQUAL, "atlantis"))),
        new Case("city in", Skip.INDEX, List.of(new In("city", List.of("reykjavik", "atlantis")))),
        new Case("city like prefix", Skip.NONE, List.of(new LikePrefix("city", "rom"))),
        new Case("city like non-ascii", Skip.NONE, List.of(new LikePrefix("city", "zü"))),
        new Case(
            "city < value",
            Skip.NONE,
            List.of(new Comparison("city", Operator.LESS_THAN, "paris"))),
        new Case("city is null", Skip.NONE, List.of(new IsNull("city"))),
        new Case(
            "url = value", Skip.SEGMENTS, List.of(new Comparison("url", Operator.EQUAL, "u-4321"))),
        new Case(
            "url absent", Skip.SEGMENTS, List.of(new Comparison("url", Operator.EQUAL, "u-none"))),
        new Case("url like prefix", Skip.NONE, List.of(new LikePrefix("url", "u-19"))),
        new Case("flag = true", Skip.NONE, List.of(new Comparison("flag", Operator.EQUAL, true))),
        new Case("day between", Skip.BLOCKS, List.of(new Between("day", 19_010L, 19_020L))),
        new Case(
            "amount < value",
            Skip.NONE,
            List.of(new Comparison("amount", Operator.LESS_THAN, 5_000L))),
        new Case(
            "ratio >= value",
            Skip.NONE,
            List.of(new Comparison("ratio", Operator.GREATER_THAN_OR_EQUAL, 9.5))),
        new Case(
            "time range and city",
            Skip.PARTITIONS,
            List.of(
                new Between("ts", START, START + DAY_MICROS - 1),
                new Comparison("city", Operator.EQUAL, "rome"))),
        new Case(
            "id range and qty null",
            Skip.BLOCKS,
            List.of(new Between("id", 20_000L, 21_000L), new IsNull("qty"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scanEqualsBruteForceFilter(Case testCase) {
    List<String> names = new ArrayList<>();
    for (ColumnSchema column : COLUMNS) {
      names.add(column.name());
    }
    TableScan scan = shard.scan(new ScanRequest(names, testCase.predicates()));
    List<List<Object>> actual = Rows.rows(scan);

    List<List<Object>> expected = new ArrayList<>();
    for (List<Object> row : rows) {
      boolean isMatch = true;
      for (ColumnPredicate predicate : testCase.predicates()) {
        isMatch &= matches(predicate, row.get(indexOf(predicate.column())));
      }
      if (isMatch) {
        expected.add(row);
      }
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    ScanStatistics.Snapshot statistics = scan.statistics().snapshot();
    assertThat(statistics.rowsReturned()).isEqualTo(expected.size());
    if (testCase.expectedSkip() != Skip.NONE) {
      assertThat(testCase.expectedSkip().counter.applyAsLong(statistics))
          .as("%s skipped: %s", testCase.expectedSkip(), statistics)
          .isPositive();
    }
  }

  private static int indexOf(String column) {
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (COLUMNS.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(column);
  }

  /** SQL semantics, written plainly: nulls match only IS NULL; PostgreSQL order for doubles. */
  static boolean matches(ColumnPredicate predicate, Object value) {
    if (predicate instanceof IsNull) {
      return value == null;
    }
    if (value == null) {
      return false;
    }
    if (predicate instanceof IsNotNull) {
      return true;
    }
    if (predicate instanceof Comparison comparison) {
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
    if (predicate instanceof Between between) {
      return compare(value, between.low()) >= 0 && compare(value, between.high()) <= 0;
    }
    if (predicate instanceof In in) {
      for (Object candidate : in.values()) {
        if (compare(value, candidate) == 0) {
          return true;
        }
      }
      return false;
    }
    LikePrefix like = (LikePrefix) predicate;
    return ((String) value).startsWith(like.prefix());
  }

  private static int compare(Object value, Object constant) {
    if (value instanceof String string) {
      return Arrays.compareUnsigned(
          string.getBytes(StandardCharsets.UTF_8),
          ((String) constant).getBytes(StandardCharsets.UTF_8));
    }
    if (value instanceof Boolean bool) {
      return Boolean.compare(bool, (Boolean) constant);
    }
    if (value instanceof Double || value instanceof Float) {
      double left = ((Number) value).doubleValue();
      double right = ((Number) constant).doubleValue();
      return left == right ? 0 : Double.compare(left, right);
    }
    return Long.compare(((Number) value).longValue(), ((Number) constant).longValue());
  }
}
