package io.aurora.sql.operator;

import static io.aurora.sql.operator.AggregateSpec.AggregateKind.ANY_VALUE;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.APPROX_COUNT_DISTINCT;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.APPROX_PERCENTILE;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.AVG;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.BOOL_AND;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.BOOL_OR;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.COUNT;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.COUNT_ALL;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.MAX;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.MIN;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.MODE;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.PERCENTILE_CONT;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.PERCENTILE_DISC;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.STDDEV_POP;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.STDDEV_SAMP;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.STRING_AGG;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.SUM;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.VAR_POP;
import static io.aurora.sql.operator.AggregateSpec.AggregateKind.VAR_SAMP;
import static io.aurora.sql.operator.testing.TestingPages.page;
import static io.aurora.sql.operator.testing.TestingPages.row;
import static io.aurora.sql.operator.testing.TestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.HashAggregationOperator.Step;
import io.aurora.sql.operator.aggregation.Accumulators;
import io.aurora.sql.operator.testing.OperatorRunner;
import io.aurora.sql.operator.testing.TestingPages;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TestHashAggregationOperator {
  private static final DataType DECIMAL = DataType.decimal(12, 2);

  /** Channels: k1, k2, v_bigint, v_int, v_dec, v_double, v_real, v_bool, v_str. */
  private static final List<DataType> TYPES =
      List.of(
          DataType.BIGINT,
          DataType.VARCHAR,
          DataType.BIGINT,
          DataType.INTEGER,
          DECIMAL,
          DataType.DOUBLE,
          DataType.REAL,
          DataType.BOOLEAN,
          DataType.VARCHAR);

  private static final List<String> STRINGS =
      List.of("", "a", "ab", "b", "Z", "é", "ü", "zz", "a\u0000", "\uD83D\uDE00", "mid", "x");
  private static final VarcharBlock KEY_DICTIONARY = VarcharBlock.of("x", "y", "ü");
  private static final VarcharBlock STRING_DICTIONARY =
      VarcharBlock.of(STRINGS.toArray(new String[0]));
  private static final List<Object> FILLER =
      row(123_456_789L, "filler", 5L, 5, 5L, 5.0, 5.0f, true, "filler");

  private final MemoryContext memory = MemoryContext.unlimited();
  private final OperatorContext context = new OperatorContext(memory, new AtomicBoolean());

  private static AggregateSpec spec(AggregateKind kind, int channel, DataType outputType) {
    return spec(kind, channel, outputType, false, 0);
  }

  private static AggregateSpec spec(
      AggregateKind kind, int channel, DataType outputType, boolean isDistinct, double fraction) {
    return new AggregateSpec(
        kind, channel, channel < 0 ? null : TYPES.get(channel), isDistinct, outputType, fraction);
  }

  /** Every aggregate that can run as PARTIAL then FINAL, over every type it accepts. */
  private static List<AggregateSpec> splittableAggregates() {
    List<AggregateSpec> specs = new ArrayList<>();
    specs.add(spec(COUNT_ALL, -1, DataType.BIGINT));
    specs.add(spec(COUNT, 2, DataType.BIGINT));
    specs.add(spec(COUNT, 8, DataType.BIGINT));
    specs.add(spec(SUM, 2, DataType.BIGINT));
    specs.add(spec(SUM, 3, DataType.BIGINT));
    specs.add(spec(SUM, 4, DataType.decimal(18, 2)));
    specs.add(spec(SUM, 5, DataType.DOUBLE));
    specs.add(spec(SUM, 6, DataType.DOUBLE));
    for (int channel : new int[] {2, 3, 4, 5, 6}) {
      specs.add(spec(AVG, channel, DataType.DOUBLE));
    }
    for (int channel = 2; channel <= 8; channel++) {
      specs.add(spec(MIN, channel, TYPES.get(channel)));
      specs.add(spec(MAX, channel, TYPES.get(channel)));
      specs.add(spec(ANY_VALUE, channel, TYPES.get(channel)));
    }
    specs.add(spec(BOOL_AND, 7, DataType.BOOLEAN));
    specs.add(spec(BOOL_OR, 7, DataType.BOOLEAN));
    for (int channel : new int[] {2, 3, 5, 8}) {
      specs.add(spec(APPROX_COUNT_DISTINCT, channel, DataType.BIGINT));
    }
    specs.add(spec(APPROX_PERCENTILE, 3, DataType.DOUBLE, false, 0.5));
    specs.add(spec(APPROX_PERCENTILE, 4, DataType.DOUBLE, false, 0.9));
    for (int channel : new int[] {2, 3, 4, 5, 6}) {
      specs.add(spec(VAR_SAMP, channel, DataType.DOUBLE));
      specs.add(spec(VAR_POP, channel, DataType.DOUBLE));
      specs.add(spec(STDDEV_SAMP, channel, DataType.DOUBLE));
      specs.add(spec(STDDEV_POP, channel, DataType.DOUBLE));
    }
    return specs;
  }

  /** An ordered aggregate over {@code channel}, in the order of {@code orderBy}. */
  private static AggregateSpec ordered(
      AggregateKind kind, int channel, double fraction, String separator, SortKey... orderBy) {
    return new AggregateSpec(
        kind,
        channel,
        TYPES.get(channel),
        false,
        kind == STRING_AGG ? DataType.VARCHAR : TYPES.get(channel),
        fraction,
        List.of(),
        List.of(),
        List.of(orderBy),
        Arrays.stream(orderBy).map(key -> TYPES.get(key.channel())).toList(),
        separator);
  }

  /** COUNT(a, b, ...), distinct or not. */
  private static AggregateSpec countOf(boolean isDistinct, int first, Integer... more) {
    return new AggregateSpec(
        COUNT,
        first,
        TYPES.get(first),
        isDistinct,
        DataType.BIGINT,
        0,
        List.of(more),
        Arrays.stream(more).map(TYPES::get).toList(),
        List.of(),
        List.of(),
        "");
  }

  private static List<AggregateSpec> allAggregates() {
    List<AggregateSpec> specs = new ArrayList<>(splittableAggregates());
    specs.add(spec(PERCENTILE_CONT, 2, DataType.DOUBLE, false, 0.3));
    specs.add(spec(PERCENTILE_CONT, 5, DataType.DOUBLE, false, 1.0));
    specs.add(spec(PERCENTILE_CONT, 4, DataType.DOUBLE, false, 0.5));
    specs.add(spec(COUNT, 3, DataType.BIGINT, true, 0));
    specs.add(spec(COUNT, 8, DataType.BIGINT, true, 0));
    specs.add(spec(SUM, 3, DataType.BIGINT, true, 0));
    specs.add(spec(SUM, 4, DataType.decimal(18, 2), true, 0));
    specs.add(spec(AVG, 3, DataType.DOUBLE, true, 0));
    specs.add(spec(VAR_SAMP, 3, DataType.DOUBLE, true, 0));
    specs.add(ordered(PERCENTILE_DISC, 2, 0.3, "", SortKey.ascending(2)));
    specs.add(ordered(PERCENTILE_DISC, 8, 0.5, "", SortKey.descending(8)));
    specs.add(ordered(PERCENTILE_DISC, 5, 1.0, "", SortKey.ascending(5)));
    specs.add(ordered(PERCENTILE_DISC, 4, 0.0, "", SortKey.ascending(4)));
    specs.add(ordered(MODE, 3, 0, "", SortKey.ascending(3)));
    specs.add(ordered(MODE, 8, 0, "", SortKey.descending(8)));
    specs.add(ordered(MODE, 7, 0, "", SortKey.ascending(7)));
    specs.add(ordered(STRING_AGG, 8, 0, ", ", SortKey.descending(3), SortKey.ascending(2)));
    specs.add(ordered(STRING_AGG, 8, 0, "", SortKey.ascending(7), new SortKey(8, false, false)));
    specs.add(countOf(false, 3, 8, 1));
    specs.add(countOf(true, 3, 8));
    specs.add(countOf(true, 7, 1));
    return specs;
  }

  private static List<List<Object>> randomRows(Random random, int count, int keyBound) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          row(
              (long) random.nextInt(keyBound),
              pick(random, 5, Arrays.asList(null, "x", "y", "ü")),
              random.nextInt(8) == 0 ? null : random.nextLong() % 1_000_000_000_000L,
              random.nextInt(8) == 0 ? null : random.nextInt(101) - 50,
              random.nextInt(8) == 0 ? null : (long) random.nextInt(2_000_001) - 1_000_000,
              randomDouble(random),
              random.nextInt(8) == 0 ? null : (float) (random.nextGaussian() * 100),
              random.nextInt(8) == 0 ? null : random.nextInt(10) != 0,
              random.nextInt(8) == 0 ? null : STRINGS.get(random.nextInt(STRINGS.size()))));
    }
    return rows;
  }

  private static @Nullable Object pick(Random random, int bound, List<?> values) {
    return values.get(random.nextInt(bound) % values.size());
  }

  private static @Nullable Double randomDouble(Random random) {
    return switch (random.nextInt(40)) {
      case 0, 1, 2, 3, 4 -> null;
      case 5 -> Double.NaN;
      case 6 -> -0.0;
      case 7 -> 0.0;
      default -> random.nextGaussian() * 1000;
    };
  }

  /**
   * Pages of random sizes; some hide their rows among filler rows behind a selection, some encode
   * the string channels against dictionaries.
   */
  private static List<Page> randomPages(List<List<Object>> rows, Random random) {
    List<Page> pages = new ArrayList<>();
    int at = 0;
    while (at < rows.size()) {
      int size = Math.min(rows.size() - at, 1 + random.nextInt(3000));
      List<List<Object>> chunk = rows.subList(at, at + size);
      at += size;
      Page page =
          random.nextBoolean()
              ? TestingPages.pageWithSelection(TYPES, chunk, FILLER, random)
              : page(TYPES, chunk);
      if (random.nextInt(3) == 0 && page.selection() == null) {
        page = withDictionaries(page, chunk);
      }
      pages.add(page);
    }
    return pages;
  }

  private static Page withDictionaries(Page page, List<List<Object>> rows) {
    Block[] blocks = new Block[page.channelCount()];
    for (int channel = 0; channel < blocks.length; channel++) {
      blocks[channel] = page.block(channel);
    }
    blocks[1] = TestingPages.dictionaryBlock(KEY_DICTIONARY, column(rows, 1));
    blocks[8] = TestingPages.dictionaryBlock(STRING_DICTIONARY, column(rows, 8));
    return new Page(page.positionCount(), blocks);
  }

  private static List<@Nullable String> column(List<List<Object>> rows, int channel) {
    List<@Nullable String> values = new ArrayList<>();
    for (List<Object> row : rows) {
      values.add((String) row.get(channel));
    }
    return values;
  }

  private HashAggregationOperator operator(
      List<Integer> groupChannels, List<AggregateSpec> aggregates, Step step) {
    List<DataType> groupTypes = groupChannels.stream().map(TYPES::get).toList();
    return new HashAggregationOperator(context, groupChannels, groupTypes, aggregates, step);
  }

  private List<List<@Nullable Object>> runSingle(
      List<Integer> groupChannels, List<AggregateSpec> aggregates, List<Page> pages) {
    return rows(OperatorRunner.run(operator(groupChannels, aggregates, Step.SINGLE), pages));
  }

  /** Two PARTIAL operators over the two halves of the input, both feeding one FINAL operator. */
  private List<List<@Nullable Object>> runSplit(
      List<Integer> groupChannels, List<AggregateSpec> aggregates, List<Page> pages) {
    int half = pages.size() / 2;
    List<Page> intermediate = new ArrayList<>();
    intermediate.addAll(
        OperatorRunner.run(
            operator(groupChannels, aggregates, Step.PARTIAL), pages.subList(0, half)));
    intermediate.addAll(
        OperatorRunner.run(
            operator(groupChannels, aggregates, Step.PARTIAL), pages.subList(half, pages.size())));
    List<Integer> finalKeys = IntStream.range(0, groupChannels.size()).boxed().toList();
    List<DataType> groupTypes = groupChannels.stream().map(TYPES::get).toList();
    return rows(
        OperatorRunner.run(
            new HashAggregationOperator(context, finalKeys, groupTypes, aggregates, Step.FINAL),
            intermediate));
  }

  @Test
  void everyAggregateMatchesBruteForceWithMultiColumnKeys() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      List<List<Object>> rows = randomRows(random, 20_000, 300);
      List<Page> pages = randomPages(rows, random);
      List<Integer> keys = List.of(0, 1);
      List<AggregateSpec> aggregates = allAggregates();
      assertMatches(runSingle(keys, aggregates, pages), keys, aggregates, rows, seed);
      List<AggregateSpec> splittable = splittableAggregates();
      assertMatches(runSplit(keys, splittable, pages), keys, splittable, rows, seed);
      assertThat(memory.reservedBytes()).as("seed %s", seed).isZero();
    }
  }

  @Test
  void globalAggregationMatchesBruteForce() {
    long seed = 11;
    Random random = new Random(seed);
    List<List<Object>> rows = randomRows(random, 10_000, 10);
    List<Page> pages = randomPages(rows, random);
    List<List<@Nullable Object>> single = runSingle(List.of(), allAggregates(), pages);
    assertThat(single).hasSize(1);
    assertMatches(single, List.of(), allAggregates(), rows, seed);
    assertMatches(
        runSplit(List.of(), splittableAggregates(), pages),
        List.of(),
        splittableAggregates(),
        rows,
        seed);
  }

  @Test
  void manyGroupsSkewedKeysAndASingleGroup() {
    long seed = 23;
    Random random = new Random(seed);
    List<AggregateSpec> aggregates =
        List.of(
            spec(COUNT_ALL, -1, DataType.BIGINT),
            spec(SUM, 2, DataType.BIGINT),
            spec(MAX, 8, DataType.VARCHAR),
            spec(AVG, 4, DataType.DOUBLE));
    List<List<Object>> many = randomRows(random, 300_000, 100_000);
    List<List<Object>> skewed = new ArrayList<>();
    for (List<Object> row : randomRows(random, 50_000, 1)) {
      List<Object> copy = new ArrayList<>(row);
      double u = random.nextDouble();
      copy.set(0, (long) Math.floor(Math.pow(u, 8) * 5000));
      skewed.add(copy);
    }
    List<List<Object>> single = randomRows(random, 20_000, 1);
    for (List<List<Object>> rows : List.of(many, skewed, single)) {
      List<Page> pages = randomPages(rows, random);
      List<List<@Nullable Object>> actual = runSingle(List.of(0), aggregates, pages);
      assertMatches(actual, List.of(0), aggregates, rows, seed);
      assertMatches(runSplit(List.of(0), aggregates, pages), List.of(0), aggregates, rows, seed);
    }
    assertThat(runSingle(List.of(0), aggregates, randomPages(many, random)).size())
        .isGreaterThan(90_000);
  }

  @Test
  void stringAndIntegerKeysIncludingNulls() {
    long seed = 31;
    Random random = new Random(seed);
    List<List<Object>> rows = randomRows(random, 30_000, 50);
    List<Page> pages = randomPages(rows, random);
    List<AggregateSpec> aggregates =
        List.of(spec(COUNT_ALL, -1, DataType.BIGINT), spec(MIN, 2, DataType.BIGINT));
    for (List<Integer> keys :
        List.of(List.of(1), List.of(8), List.of(3), List.of(8, 3, 1), List.of(7, 6))) {
      assertMatches(runSingle(keys, aggregates, pages), keys, aggregates, rows, seed);
    }
  }

  @Test
  void globalAggregationOfEmptyInputIsOneRow() {
    List<AggregateSpec> aggregates = splittableAggregates();
    List<@Nullable Object> expected = new ArrayList<>();
    for (AggregateSpec aggregate : aggregates) {
      boolean isCount =
          aggregate.kind() == COUNT_ALL
              || aggregate.kind() == COUNT
              || aggregate.kind() == APPROX_COUNT_DISTINCT;
      expected.add(isCount ? 0L : null);
    }
    Page empty = page(TYPES, List.of());
    assertThat(runSingle(List.of(), aggregates, List.of())).containsExactly(expected);
    assertThat(runSingle(List.of(), aggregates, List.of(empty))).containsExactly(expected);
    assertThat(runSplit(List.of(), aggregates, List.of())).containsExactly(expected);
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void groupByOfEmptyInputIsNoRows() {
    Page empty = page(TYPES, List.of());
    assertThat(runSingle(List.of(0, 1), allAggregates(), List.of(empty))).isEmpty();
    assertThat(runSplit(List.of(0), splittableAggregates(), List.of())).isEmpty();
    assertThat(runSingle(List.of(0), List.of(), List.of())).isEmpty();
  }

  @Test
  void bigintSumOverflowFails() {
    List<DataType> types = List.of(DataType.BIGINT, DataType.BIGINT);
    Page page = page(types, List.of(row(1L, Long.MAX_VALUE - 1), row(1L, 1L), row(1L, 1L)));
    AggregateSpec sum = new AggregateSpec(SUM, 1, DataType.BIGINT, false, DataType.BIGINT, 0);
    assertThatThrownBy(
            () ->
                OperatorRunner.run(
                    new HashAggregationOperator(
                        context, List.of(0), List.of(DataType.BIGINT), List.of(sum), Step.SINGLE),
                    List.of(page)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode().sqlState()).isEqualTo("22003");
              assertThat(e.getMessage()).isEqualTo("bigint out of range");
            });
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void decimalSumAndAverage() {
    DataType type = DataType.decimal(18, 3);
    List<DataType> types = List.of(type);
    Page page = page(types, List.of(row(1_500L), row(2_250L), row((Object) null), row(-1L)));
    List<AggregateSpec> aggregates =
        List.of(
            new AggregateSpec(SUM, 0, type, false, DataType.decimal(18, 3), 0),
            new AggregateSpec(AVG, 0, type, false, DataType.DOUBLE, 0));
    List<List<@Nullable Object>> result =
        rows(
            OperatorRunner.run(
                new HashAggregationOperator(context, List.of(), List.of(), aggregates, Step.SINGLE),
                List.of(page)));
    assertThat(result).containsExactly(row(3_749L, 3.749 / 3));

    Page big = page(types, List.of(row(999_999_999_999_999_999L), row(1L)));
    assertThatThrownBy(
            () ->
                OperatorRunner.run(
                    new HashAggregationOperator(
                        context, List.of(), List.of(), aggregates.subList(0, 1), Step.SINGLE),
                    List.of(big)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE));
  }

  @Test
  void minAndMaxOfStringsAndFloatsFollowPostgresOrder() {
    List<DataType> types = List.of(DataType.VARCHAR, DataType.DOUBLE, DataType.REAL);
    Page page =
        page(
            types,
            List.of(
                row("b", 1.0, Float.NaN),
                row("é", Double.NaN, -1.0f),
                row("Z", -5.0, null),
                row(null, null, 3.0f)));
    List<AggregateSpec> aggregates = new ArrayList<>();
    for (int channel = 0; channel < 3; channel++) {
      for (AggregateKind kind : List.of(MIN, MAX)) {
        aggregates.add(
            new AggregateSpec(kind, channel, types.get(channel), false, types.get(channel), 0));
      }
    }
    List<List<@Nullable Object>> result =
        rows(
            OperatorRunner.run(
                new HashAggregationOperator(context, List.of(), List.of(), aggregates, Step.SINGLE),
                List.of(page)));
    assertThat(result).containsExactly(row("Z", "é", -5.0, Double.NaN, -1.0f, Float.NaN));
  }

  @Test
  void distinctOperatorListsEachKeyOnce() {
    List<DataType> types = List.of(DataType.VARCHAR, DataType.INTEGER);
    Page page =
        page(
            types,
            List.of(row("a", 1), row("b", null), row("a", 1), row(null, null), row("b", null)));
    List<List<@Nullable Object>> result =
        rows(
            OperatorRunner.run(
                HashAggregationOperator.distinct(context, List.of(0, 1), types), List.of(page)));
    assertThat(result).containsExactly(row("a", 1), row("b", null), row(null, null));
  }

  @Test
  void outputComesInPagesOfAtMostTheDefaultSize() {
    List<DataType> types = List.of(DataType.BIGINT);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 20_000; i++) {
      rows.add(row(i));
    }
    List<Page> output =
        OperatorRunner.run(
            HashAggregationOperator.distinct(context, List.of(0), types),
            List.of(page(types, rows)));
    assertThat(output).extracting(Page::rowCount).containsExactly(8192, 8192, 20_000 - 2 * 8192);
  }

  @Test
  void splitStepsRejectAggregatesThatAreNotSplittable() {
    for (AggregateSpec aggregate : allAggregates()) {
      if (!Accumulators.isSplittable(aggregate)) {
        for (Step step : List.of(Step.PARTIAL, Step.FINAL)) {
          assertThatThrownBy(() -> operator(List.of(0), List.of(aggregate), step))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("not splittable");
        }
      }
    }
  }

  @Test
  void exceedingTheMemoryLimitFailsWithOutOfMemory() {
    MemoryContext small = new MemoryContext(1_000_000);
    OperatorContext limited = new OperatorContext(small, new AtomicBoolean());
    Random random = new Random(5);
    List<Page> pages = randomPages(randomRows(random, 100_000, 1_000_000), random);
    List<AggregateSpec> aggregates =
        List.of(spec(SUM, 2, DataType.BIGINT), spec(MAX, 8, DataType.VARCHAR));
    assertThatThrownBy(
            () ->
                OperatorRunner.run(
                    new HashAggregationOperator(
                        limited,
                        List.of(0, 1),
                        List.of(DataType.BIGINT, DataType.VARCHAR),
                        aggregates,
                        Step.SINGLE),
                    pages))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OUT_OF_MEMORY));
    assertThat(small.reservedBytes()).isZero();
    assertThat(small.peakBytes()).isGreaterThan(0);
  }

  @Test
  void checksForCancellationOnEveryPage() {
    AtomicBoolean isCancelled = new AtomicBoolean(true);
    OperatorContext cancelled = new OperatorContext(memory, isCancelled);
    try (HashAggregationOperator operator =
        new HashAggregationOperator(
            cancelled,
            List.of(),
            List.of(),
            List.of(spec(COUNT_ALL, -1, DataType.BIGINT)),
            Step.SINGLE)) {
      assertThatThrownBy(() -> operator.addInput(page(TYPES, List.of(FILLER))))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELED));
    }
  }

  private static void assertMatches(
      List<List<@Nullable Object>> actual,
      List<Integer> keys,
      List<AggregateSpec> aggregates,
      List<List<Object>> input,
      long seed) {
    Map<List<@Nullable Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    for (List<Object> row : input) {
      List<@Nullable Object> key = new ArrayList<>();
      for (int channel : keys) {
        key.add(normalizeKey(row.get(channel)));
      }
      groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(row);
    }
    if (keys.isEmpty() && groups.isEmpty()) {
      groups.put(List.of(), List.of());
    }
    Map<List<@Nullable Object>, List<@Nullable Object>> actualByKey = new HashMap<>();
    for (List<@Nullable Object> row : actual) {
      List<@Nullable Object> key = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        key.add(normalizeKey(row.get(i)));
      }
      assertThat(actualByKey.put(key, row)).as("seed %s: duplicate group %s", seed, key).isNull();
    }
    assertThat(actualByKey.keySet()).as("seed %s: groups", seed).isEqualTo(groups.keySet());
    for (Map.Entry<List<@Nullable Object>, List<List<Object>>> group : groups.entrySet()) {
      List<@Nullable Object> row = actualByKey.get(group.getKey());
      for (int i = 0; i < aggregates.size(); i++) {
        AggregateSpec aggregate = aggregates.get(i);
        assertValue(
            aggregate,
            row.get(keys.size() + i),
            group.getValue(),
            "seed " + seed + ", group " + group.getKey() + ", " + aggregate);
      }
    }
  }

  private static @Nullable Object normalizeKey(@Nullable Object value) {
    return value instanceof Float f && f == 0 ? (Object) 0.0f : value;
  }

  private static void assertValue(
      AggregateSpec aggregate, @Nullable Object actual, List<List<Object>> rows, String message) {
    List<Object> values = new ArrayList<>();
    for (List<Object> row : rows) {
      Object value =
          aggregate.inputChannel() < 0 ? Boolean.TRUE : row.get(aggregate.inputChannel());
      if (!aggregate.moreChannels().isEmpty()) {
        List<@Nullable Object> tuple = new ArrayList<>();
        tuple.add(value);
        aggregate.moreChannels().forEach(channel -> tuple.add(row.get(channel)));
        value = tuple.contains(null) ? null : tuple;
      }
      if (value != null) {
        values.add(value);
      }
    }
    if (aggregate.isDistinct()) {
      values = new ArrayList<>(new LinkedHashSet<>(values));
    }
    DataType type = aggregate.inputType();
    double divisor = type == null ? 1 : Math.pow(10, type.scale());
    switch (aggregate.kind()) {
      case COUNT_ALL -> assertThat(actual).as(message).isEqualTo((long) rows.size());
      case COUNT -> assertThat(actual).as(message).isEqualTo((long) values.size());
      case SUM -> {
        if (values.isEmpty()) {
          assertThat(actual).as(message).isNull();
        } else if (values.get(0) instanceof Float || values.get(0) instanceof Double) {
          assertClose(
              actual, values.stream().mapToDouble(v -> ((Number) v).doubleValue()).sum(), message);
        } else {
          BigInteger sum = BigInteger.ZERO;
          for (Object value : values) {
            sum = sum.add(BigInteger.valueOf(((Number) value).longValue()));
          }
          assertThat(actual).as(message).isEqualTo(sum.longValueExact());
        }
      }
      case AVG -> {
        if (values.isEmpty()) {
          assertThat(actual).as(message).isNull();
        } else {
          double sum = 0;
          for (Object value : values) {
            sum += ((Number) value).doubleValue() / divisor;
          }
          assertClose(actual, sum / values.size(), message);
        }
      }
      case MIN, MAX, ANY_VALUE -> {
        Object expected = null;
        for (Object value : values) {
          if (expected == null
              || (aggregate.kind() == MIN && compare(value, expected) < 0)
              || (aggregate.kind() == MAX && compare(value, expected) > 0)) {
            expected = value;
          }
        }
        if (expected == null || actual == null) {
          assertThat(actual).as(message).isEqualTo(expected);
        } else {
          assertThat(compare(actual, expected))
              .as(message + ": " + actual + " vs " + expected)
              .isZero();
        }
      }
      case BOOL_AND ->
          assertThat(actual)
              .as(message)
              .isEqualTo(values.isEmpty() ? null : values.stream().allMatch(Boolean.TRUE::equals));
      case BOOL_OR ->
          assertThat(actual)
              .as(message)
              .isEqualTo(values.isEmpty() ? null : values.stream().anyMatch(Boolean.TRUE::equals));
      case VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP ->
          assertVariance(aggregate, actual, values, divisor, message);
      case PERCENTILE_DISC, MODE, STRING_AGG -> assertOrdered(aggregate, actual, rows, message);
      case APPROX_COUNT_DISTINCT -> {
        long exact =
            values.stream().map(TestHashAggregationOperator::normalizeDistinct).distinct().count();
        assertThat((long) actual)
            .as(message)
            .isCloseTo(exact, org.assertj.core.data.Offset.offset(Math.max(3, exact / 10)));
      }
      case APPROX_PERCENTILE, PERCENTILE_CONT -> {
        double[] sorted =
            values.stream()
                .mapToDouble(v -> ((Number) v).doubleValue() / divisor)
                .sorted()
                .toArray();
        if (sorted.length == 0) {
          assertThat(actual).as(message).isNull();
        } else if (aggregate.kind() == PERCENTILE_CONT) {
          assertClose(actual, percentile(sorted, aggregate.fraction()), message);
        } else {
          // a t-digest is exact in rank only approximately: allow 15% of the rows (plus one)
          double value = (double) actual;
          long below = Arrays.stream(sorted).filter(v -> v < value).count();
          long above = Arrays.stream(sorted).filter(v -> v > value).count();
          double slack = 0.15 * sorted.length + 1;
          assertThat(below)
              .as(message)
              .isLessThanOrEqualTo((long) (aggregate.fraction() * sorted.length + slack));
          assertThat(above)
              .as(message)
              .isLessThanOrEqualTo((long) ((1 - aggregate.fraction()) * sorted.length + slack));
        }
      }
    }
  }

  /** Welford-free variance by two passes over the values, as a check of the accumulator's. */
  private static void assertVariance(
      AggregateSpec aggregate,
      @Nullable Object actual,
      List<Object> values,
      double divisor,
      String message) {
    boolean isSample = aggregate.kind() == VAR_SAMP || aggregate.kind() == STDDEV_SAMP;
    if (values.size() < (isSample ? 2 : 1)) {
      assertThat(actual).as(message).isNull();
      return;
    }
    double[] doubles =
        values.stream().mapToDouble(v -> ((Number) v).doubleValue() / divisor).toArray();
    double mean = Arrays.stream(doubles).sum() / doubles.length;
    double squares = Arrays.stream(doubles).map(v -> (v - mean) * (v - mean)).sum();
    double variance = squares / (isSample ? doubles.length - 1 : doubles.length);
    boolean isDeviation = aggregate.kind() == STDDEV_SAMP || aggregate.kind() == STDDEV_POP;
    assertClose(actual, isDeviation ? Math.sqrt(variance) : variance, message);
  }

  /**
   * The rows with a non-null value in the aggregate's order, stably sorted, so that rows with equal
   * keys stay in input order.
   */
  private static List<List<Object>> orderedRows(AggregateSpec aggregate, List<List<Object>> rows) {
    List<List<Object>> kept = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.get(aggregate.inputChannel()) != null) {
        kept.add(row);
      }
    }
    kept.sort(
        (left, right) -> {
          for (SortKey key : aggregate.orderBy()) {
            Object l = left.get(key.channel());
            Object r = right.get(key.channel());
            int comparison;
            if (l == null || r == null) {
              comparison = l == r ? 0 : ((l == null) == key.isNullsFirst() ? -1 : 1);
            } else {
              comparison = key.isAscending() ? compare(l, r) : -compare(l, r);
            }
            if (comparison != 0) {
              return comparison;
            }
          }
          return 0;
        });
    return kept;
  }

  private static void assertOrdered(
      AggregateSpec aggregate, @Nullable Object actual, List<List<Object>> rows, String message) {
    List<List<Object>> ordered = orderedRows(aggregate, rows);
    if (ordered.isEmpty()) {
      assertThat(actual).as(message).isNull();
      return;
    }
    int channel = aggregate.inputChannel();
    Object expected =
        switch (aggregate.kind()) {
          case PERCENTILE_DISC ->
              ordered
                  .get(Math.max(1, (int) Math.ceil(aggregate.fraction() * ordered.size())) - 1)
                  .get(channel);
          case MODE -> {
            Object best = null;
            int bestCount = 0;
            int run = 0;
            for (int i = 0; i < ordered.size(); i++) {
              Object value = ordered.get(i).get(channel);
              run = i > 0 && compare(ordered.get(i - 1).get(channel), value) == 0 ? run + 1 : 1;
              if (run > bestCount) {
                bestCount = run;
                best = ordered.get(i - run + 1).get(channel);
              }
            }
            yield best;
          }
          case STRING_AGG -> {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < ordered.size(); i++) {
              joined
                  .append(i == 0 ? "" : aggregate.separator())
                  .append(ordered.get(i).get(channel));
            }
            yield joined.toString();
          }
          default -> throw new IllegalArgumentException("not ordered: " + aggregate);
        };
    assertThat(actual).as(message).isNotNull();
    assertThat(compare(actual, expected)).as(message + ": " + actual + " vs " + expected).isZero();
  }

  private static Object normalizeDistinct(Object value) {
    if (value instanceof Number number && (value instanceof Double || value instanceof Float)) {
      double d = number.doubleValue();
      return Double.isNaN(d) ? Double.NaN : d == 0 ? 0.0 : d;
    }
    return value;
  }

  private static double percentile(double[] sorted, double fraction) {
    double position = fraction * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object left, Object right) {
    if (left instanceof String l) {
      return Arrays.compareUnsigned(
          l.getBytes(StandardCharsets.UTF_8), ((String) right).getBytes(StandardCharsets.UTF_8));
    }
    if (left instanceof Double || left instanceof Float) {
      return BlockValues.compareDoubles(
          ((Number) left).doubleValue(), ((Number) right).doubleValue());
    }
    return ((Comparable<Object>) left).compareTo(right);
  }

  private static void assertClose(@Nullable Object actual, double expected, String message) {
    assertThat(actual).as(message).isInstanceOf(Double.class);
    double value = (Double) actual;
    if (Double.isNaN(expected)) {
      assertThat(value).as(message).isNaN();
    } else {
      assertThat(value)
          .as(message)
          .isCloseTo(
              expected,
              org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(expected)) + 1e-6));
    }
  }
}
