package io.aurora.sql.operator.sort;

import static io.aurora.sql.operator.sort.SortTestingPages.ALL_TYPES;
import static io.aurora.sql.operator.sort.SortTestingPages.assertSortedLike;
import static io.aurora.sql.operator.sort.SortTestingPages.drive;
import static io.aurora.sql.operator.sort.SortTestingPages.multiset;
import static io.aurora.sql.operator.sort.SortTestingPages.randomPages;
import static io.aurora.sql.operator.sort.SortTestingPages.randomRows;
import static io.aurora.sql.operator.sort.SortTestingPages.rowOrder;
import static io.aurora.sql.operator.sort.SortTestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TestTopNOperator {
  @Test
  void randomTopNMatchesBruteForce() {
    for (long seed = 0; seed < 60; seed++) {
      Random random = new Random(seed);
      List<DataType> types = new ArrayList<>();
      int channels = 1 + random.nextInt(4);
      for (int i = 0; i < channels; i++) {
        types.add(ALL_TYPES.get(random.nextInt(ALL_TYPES.size())));
      }
      List<SortKey> keys = TestOrderByOperator.randomKeys(random, channels);
      int rowCount = random.nextInt(2000);
      long n = random.nextInt(4) == 0 ? rowCount + 1 + random.nextInt(100) : random.nextInt(50);
      checkTopN(types, keys, n, randomRows(types, rowCount, random), random, "seed " + seed);
    }
  }

  @Test
  void nLargerThanTheInputReturnsEverythingSorted() {
    Random random = new Random(7);
    List<DataType> types = List.of(DataType.VARCHAR, DataType.DOUBLE);
    checkTopN(
        types,
        List.of(SortKey.descending(1), SortKey.ascending(0)),
        Long.MAX_VALUE,
        randomRows(types, 500, random),
        random,
        "seed 7");
  }

  @Test
  void zeroRowsWantedTakesNoInput() {
    TopNOperator operator =
        new TopNOperator(
            OperatorContext.forTesting(),
            List.of(DataType.BIGINT),
            List.of(SortKey.ascending(0)),
            0);
    assertThat(operator.needsInput()).isFalse();
    assertThat(operator.isFinished()).isTrue();
    assertThat(drive(operator, List.of(Page.of(new LongBlock(3, new long[] {1, 2, 3}, null)))))
        .isEmpty();
  }

  @Test
  void tiesAtTheBoundaryKeepExactlyNRows() {
    Random random = new Random(11);
    List<DataType> types = List.of(DataType.INTEGER, DataType.BIGINT);
    List<List<@Nullable Object>> input = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      input.add(new ArrayList<>(List.of(i % 3, (long) i)));
    }
    checkTopN(types, List.of(SortKey.ascending(0)), 10, input, random, "seed 11");
  }

  @Test
  void manyPagesWithSurvivorsAreCompacted() {
    Random random = new Random(13);
    List<DataType> types = List.of(DataType.BIGINT, DataType.VARCHAR, DataType.DOUBLE);
    List<List<@Nullable Object>> input = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      input.add(
          new ArrayList<>(
              List.of((long) random.nextInt(1_000_000), "row" + i, random.nextDouble())));
    }
    checkTopN(types, List.of(SortKey.ascending(0)), 3000, input, random, "seed 13");
  }

  private static void checkTopN(
      List<DataType> types,
      List<SortKey> keys,
      long n,
      List<List<@Nullable Object>> input,
      Random random,
      String description) {
    List<Page> pages = randomPages(types, input, random);
    MemoryContext memory = MemoryContext.unlimited();
    TopNOperator operator =
        new TopNOperator(new OperatorContext(memory, new AtomicBoolean()), types, keys, n);
    List<List<@Nullable Object>> actual = rows(drive(operator, pages));
    List<List<@Nullable Object>> expected = new ArrayList<>(input);
    expected.sort(rowOrder(keys));
    expected = expected.subList(0, (int) Math.min(n, expected.size()));
    String message = description + " types " + types + " keys " + keys + " n " + n;
    assertSortedLike(actual, expected, keys, message);
    Map<List<@Nullable Object>, Integer> available = multiset(input);
    multiset(actual)
        .forEach(
            (row, count) ->
                assertThat(available.getOrDefault(row, 0))
                    .as(message + " row " + row)
                    .isGreaterThanOrEqualTo(count));
    assertThat(memory.reservedBytes()).as(message).isZero();
  }
}
