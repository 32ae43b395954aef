package io.aurora.sql.operator.join;

import static io.aurora.sql.operator.join.JoinTestingPages.multiset;
import static io.aurora.sql.operator.join.JoinTestingPages.referenceJoin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.expression.Expression;
import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.join.JoinTestingPages.JoinResult;
import io.aurora.sql.operator.join.JoinTestingPages.JoinSpec;
import io.aurora.sql.operator.join.JoinTestingPages.LessThan;
import io.aurora.sql.operator.join.JoinTestingPages.RowPredicate;
import io.aurora.sql.operator.join.JoinTestingPages.StringEncoding;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Differential tests of the hash join against a nested-loop reference over random data. */
class TestHashJoin {
  private static final double OTHER_NAN = Double.longBitsToDouble(0x7ff8000000000123L);
  private static final double[] DOUBLES = {
    -0.0, 0.0, Double.NaN, OTHER_NAN, 1.5, -2.25, 3.0, 1e300, Double.MIN_VALUE
  };

  /** The key columns both sides share; every side ends with one BIGINT payload column. */
  enum KeyShape {
    BIGINT(DataType.BIGINT),
    INTEGER(DataType.INTEGER),
    VARCHAR(DataType.VARCHAR),
    MULTI(DataType.INTEGER, DataType.VARCHAR, DataType.DATE),
    DOUBLE(DataType.DOUBLE),
    CROSS();

    private final List<DataType> keyTypes;

    KeyShape(DataType... keyTypes) {
      this.keyTypes = List.of(keyTypes);
    }
  }

  static Stream<Arguments> randomCases() {
    List<Arguments> cases = new ArrayList<>();
    long seed = 20_240_601;
    for (JoinType type : JoinType.values()) {
      for (KeyShape shape : KeyShape.values()) {
        for (boolean hasFilter : new boolean[] {false, true}) {
          for (int i = 0; i < 3; i++) {
            cases.add(Arguments.of(type, shape, hasFilter, seed++));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} filter={2} seed={3}")
  @MethodSource("randomCases")
  void matchesNestedLoopReference(JoinType type, KeyShape shape, boolean hasFilter, long seed) {
    Random random = new Random(seed);
    List<DataType> types = new ArrayList<>(shape.keyTypes);
    types.add(DataType.BIGINT);
    int keyCount = shape.keyTypes.size();
    List<Integer> keys = java.util.stream.IntStream.range(0, keyCount).boxed().toList();
    int domain = 1 + random.nextInt(25);
    int probeSize = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(220);
    int buildSize = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(160);
    List<List<@Nullable Object>> probeRows = randomRows(random, types, keyCount, probeSize, domain);
    List<List<@Nullable Object>> buildRows = randomRows(random, types, keyCount, buildSize, domain);

    Expression filter = hasFilter ? new LessThan(keyCount, types.size() + keyCount) : null;
    RowPredicate reference =
        hasFilter
            ? (probe, build) -> {
              Long x = (Long) probe.get(keyCount);
              Long y = (Long) build.get(keyCount);
              return x == null || y == null ? null : x < y;
            }
            : null;
    JoinSpec spec = new JoinSpec(type, types, types, keys, keys, filter);
    List<Page> buildPages = randomPages(random, types, buildRows);
    List<Page> probePages = randomPages(random, types, probeRows);

    JoinResult result =
        JoinTestingPages.run(OperatorContext.forTesting(), spec, buildPages, probePages);

    assertThat(multiset(result.rows()))
        .as("seed %s", seed)
        .isEqualTo(multiset(referenceJoin(spec, probeRows, buildRows, reference)));
  }

  private static List<List<@Nullable Object>> randomRows(
      Random random, List<DataType> types, int keyCount, int count, int domain) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<@Nullable Object> row = new ArrayList<>();
      for (int channel = 0; channel < types.size(); channel++) {
        if (random.nextInt(10) == 0) {
          row.add(null);
        } else if (channel < keyCount) {
          row.add(keyValue(types.get(channel), random.nextInt(domain), random));
        } else {
          row.add((long) random.nextInt(100));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object keyValue(DataType type, int value, Random random) {
    return switch (type.physicalType()) {
      case LONG -> value * 1_000_000_007L;
      case INT -> value - 10;
      case DOUBLE -> DOUBLES[random.nextInt(DOUBLES.length)];
      case VARCHAR -> value == 0 ? "" : (value % 3 == 0 ? "ü-" : "k") + value;
      case FLOAT, BOOLEAN -> throw new IllegalArgumentException("no " + type + " keys here");
    };
  }

  /** Splits rows into pages of random sizes, encodings and selections. */
  private static List<Page> randomPages(
      Random random, List<DataType> types, List<List<@Nullable Object>> rows) {
    StringEncoding encoding = StringEncoding.values()[random.nextInt(3)];
    List<@Nullable Object> strings = new ArrayList<>();
    for (List<@Nullable Object> row : rows) {
      for (int channel = 0; channel < types.size(); channel++) {
        if (types.get(channel).physicalType() == PhysicalType.VARCHAR) {
          strings.add(row.get(channel));
        }
      }
    }
    VarcharBlock sharedDictionary = JoinTestingPages.dictionary(strings);
    List<Page> pages = new ArrayList<>();
    int at = 0;
    while (at < rows.size()) {
      int size = Math.min(rows.size() - at, 1 + random.nextInt(50));
      Random junk = random.nextBoolean() ? random : null;
      StringEncoding pageEncoding =
          random.nextInt(8) == 0 ? StringEncoding.values()[random.nextInt(3)] : encoding;
      pages.add(
          JoinTestingPages.page(
              types, rows.subList(at, at + size), pageEncoding, sharedDictionary, junk));
      at += size;
    }
    if (random.nextBoolean()) {
      pages.add(1 + random.nextInt(pages.size() + 1) - 1, JoinTestingPages.page(types, List.of()));
    }
    return pages;
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void manyToManyOutputSpansPages(JoinType type) {
    List<DataType> types = List.of(DataType.BIGINT, DataType.BIGINT);
    List<List<@Nullable Object>> probeRows = new ArrayList<>();
    List<List<@Nullable Object>> buildRows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      probeRows.add(Arrays.asList(7L, (long) i));
      buildRows.add(Arrays.asList(7L, (long) (i * 7 % 301)));
    }
    probeRows.add(Arrays.asList(8L, 1L));
    buildRows.add(Arrays.asList(9L, 1L));
    RowPredicate reference = (probe, build) -> (Long) probe.get(1) < (Long) build.get(1);
    for (Expression filter : Arrays.asList(null, new LessThan(1, 3))) {
      JoinSpec spec = new JoinSpec(type, types, types, List.of(0), List.of(0), filter);
      JoinResult result =
          JoinTestingPages.run(
              OperatorContext.forTesting(),
              spec,
              List.of(
                  JoinTestingPages.page(types, buildRows.subList(0, 150)),
                  JoinTestingPages.page(types, buildRows.subList(150, buildRows.size()))),
              List.of(JoinTestingPages.page(types, probeRows)));
      assertThat(multiset(result.rows()))
          .as("filter %s", filter)
          .isEqualTo(
              multiset(
                  referenceJoin(spec, probeRows, buildRows, filter == null ? null : reference)));
      if (type != JoinType.SEMI && type != JoinType.ANTI && filter == null) {
        assertThat(result.pageCount()).isGreaterThanOrEqualTo(11);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void emptyBuildSide(JoinType type) {
    List<DataType> types = List.of(DataType.INTEGER, DataType.BIGINT);
    List<List<@Nullable Object>> probeRows =
        List.of(Arrays.asList(1, 10L), Arrays.asList(null, 11L), Arrays.asList(2, null));
    JoinSpec spec = new JoinSpec(type, types, types, List.of(0), List.of(0), null);
    JoinResult result =
        JoinTestingPages.run(
            OperatorContext.forTesting(),
            spec,
            List.of(),
            List.of(JoinTestingPages.page(types, probeRows)));
    List<List<@Nullable Object>> expected = referenceJoin(spec, probeRows, List.of(), null);
    assertThat(multiset(result.rows())).isEqualTo(multiset(expected));
    assertThat(result.rows())
        .hasSize(
            switch (type) {
              case INNER, RIGHT, SEMI -> 0;
              case LEFT, FULL, ANTI -> 3;
            });
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void emptyProbeSide(JoinType type) {
    List<DataType> types = List.of(DataType.VARCHAR, DataType.BIGINT);
    List<List<@Nullable Object>> buildRows =
        List.of(Arrays.asList("a", 10L), Arrays.asList(null, 11L), Arrays.asList("a", null));
    JoinSpec spec = new JoinSpec(type, types, types, List.of(0), List.of(0), null);
    JoinResult result =
        JoinTestingPages.run(
            OperatorContext.forTesting(),
            spec,
            List.of(JoinTestingPages.page(types, buildRows)),
            List.of());
    assertThat(multiset(result.rows()))
        .isEqualTo(multiset(referenceJoin(spec, List.of(), buildRows, null)));
    assertThat(result.rows()).hasSize(type == JoinType.RIGHT || type == JoinType.FULL ? 3 : 0);
  }

  @Test
  void nullKeysMatchNothingButAntiKeepsThem() {
    List<DataType> types = List.of(DataType.BIGINT);
    List<List<@Nullable Object>> rows = List.of(Arrays.asList((Object) null), List.of(1L));
    JoinSpec anti = new JoinSpec(JoinType.ANTI, types, types, List.of(0), List.of(0), null);
    JoinResult result =
        JoinTestingPages.run(
            OperatorContext.forTesting(),
            anti,
            List.of(JoinTestingPages.page(types, rows)),
            List.of(JoinTestingPages.page(types, rows)));
    assertThat(result.rows()).containsExactly(Arrays.asList((Object) null));
  }

  @Test
  void semiJoinOutputIsASelectionOverTheProbePage() {
    List<DataType> types = List.of(DataType.BIGINT, DataType.VARCHAR);
    Page probe =
        JoinTestingPages.page(types, List.of(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c")));
    JoinBridge bridge = new JoinBridge();
    OperatorContext context = OperatorContext.forTesting();
    try (HashBuilderOperator builder =
        new HashBuilderOperator(context, bridge, JoinType.SEMI, types, List.of(0), List.of())) {
      builder.addInput(JoinTestingPages.page(types, List.of(List.of(2L, "x"), List.of(3L, "y"))));
      builder.finish();
    }
    try (LookupJoinOperator join =
        new LookupJoinOperator(
            context,
            JoinType.SEMI,
            bridge,
            List.of(0),
            List.of(1),
            List.of(DataType.VARCHAR),
            List.of(),
            List.of(),
            null)) {
      join.addInput(probe);
      Page output = join.getOutput();
      assertThat(output).isNotNull();
      assertThat(output.block(0)).isSameAs(probe.block(1));
      assertThat(output.selection()).isNotNull();
      assertThat(JoinTestingPages.rows(output)).containsExactly(List.of("b"), List.of("c"));
    }
    assertThat(context.memory().reservedBytes()).isZero();
  }

  @Test
  void buildSideOverMemoryLimitFailsWithOutOfMemory() {
    OperatorContext context =
        new OperatorContext(new MemoryContext(64 * 1024), new AtomicBoolean());
    List<DataType> types = List.of(DataType.BIGINT, DataType.VARCHAR);
    long[] keys = new long[1000];
    Arrays.setAll(keys, i -> i);
    String[] strings = new String[1000];
    Arrays.setAll(strings, i -> "value-" + i);
    Page page =
        Page.of(new io.aurora.storage.block.LongBlock(1000, keys, null), VarcharBlock.of(strings));
    HashBuilderOperator builder =
        new HashBuilderOperator(
            context, new JoinBridge(), JoinType.INNER, types, List.of(0), List.of(0, 1));
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                builder.addInput(page);
              }
              builder.finish();
            })
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OUT_OF_MEMORY));
    builder.close();
    assertThat(context.memory().reservedBytes()).isZero();
  }

  @Test
  void indexOverMemoryLimitFailsWithOutOfMemory() {
    // The columns fit; the hash index reserved at finish() does not.
    OperatorContext context = new OperatorContext(new MemoryContext(40_000), new AtomicBoolean());
    List<DataType> types = List.of(DataType.BIGINT);
    long[] keys = new long[2000];
    Arrays.setAll(keys, i -> i);
    HashBuilderOperator builder =
        new HashBuilderOperator(
            context, new JoinBridge(), JoinType.INNER, types, List.of(0), List.of());
    builder.addInput(Page.of(new io.aurora.storage.block.LongBlock(2000, keys, null)));
    assertThatThrownBy(builder::finish)
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OUT_OF_MEMORY));
    builder.close();
    assertThat(context.memory().reservedBytes()).isZero();
  }

  @Test
  void cancelledQueryStopsTheProbe() {
    AtomicBoolean isCancelled = new AtomicBoolean();
    OperatorContext context = new OperatorContext(MemoryContext.unlimited(), isCancelled);
    List<DataType> types = List.of(DataType.BIGINT);
    JoinBridge bridge = new JoinBridge();
    try (HashBuilderOperator builder =
        new HashBuilderOperator(context, bridge, JoinType.INNER, types, List.of(0), List.of(0))) {
      builder.addInput(JoinTestingPages.page(types, List.of(List.of(1L))));
      builder.finish();
    }
    try (LookupJoinOperator join =
        new LookupJoinOperator(
            context,
            JoinType.INNER,
            bridge,
            List.of(0),
            List.of(0),
            types,
            List.of(0),
            types,
            null)) {
      isCancelled.set(true);
      Block probeKeys = JoinTestingPages.block(DataType.BIGINT, List.of(1L));
      assertThatThrownBy(() -> join.addInput(Page.of(probeKeys)))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELED));
    }
    assertThat(context.memory().reservedBytes()).isZero();
  }

  @Test
  void probeBeforeBuildFinishedFails() {
    List<DataType> types = List.of(DataType.BIGINT);
    LookupJoinOperator join =
        new LookupJoinOperator(
            OperatorContext.forTesting(),
            JoinType.INNER,
            new JoinBridge(),
            List.of(0),
            List.of(0),
            types,
            List.of(),
            List.of(),
            null);
    assertThatThrownBy(() -> join.addInput(JoinTestingPages.page(types, List.of(List.of(1L)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build side has not finished");
  }
}
