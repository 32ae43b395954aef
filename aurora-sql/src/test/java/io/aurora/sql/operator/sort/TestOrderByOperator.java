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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestOrderByOperator {
  @Test
  void randomMultiKeySortsMatchBruteForce() {
    for (long seed = 0; seed < 60; seed++) {
      Random random = new Random(seed);
      List<DataType> types = new ArrayList<>();
      int channels = 1 + random.nextInt(5);
      for (int i = 0; i < channels; i++) {
        types.add(ALL_TYPES.get(random.nextInt(ALL_TYPES.size())));
      }
      List<SortKey> keys = randomKeys(random, channels);
      checkSort(types, keys, random.nextInt(3000), random, "seed " + seed);
    }
  }

  static List<DataType> allTypes() {
    return ALL_TYPES;
  }

  @ParameterizedTest
  @MethodSource("allTypes")
  void singleKeyOfEachTypeInEveryDirection(DataType type) {
    List<DataType> types = List.of(type, DataType.INTEGER);
    for (boolean isAscending : new boolean[] {true, false}) {
      for (boolean isNullsFirst : new boolean[] {true, false}) {
        long seed = type.hashCode() * 31L + (isAscending ? 2 : 0) + (isNullsFirst ? 1 : 0);
        checkSort(
            types,
            List.of(new SortKey(0, isAscending, isNullsFirst)),
            2000,
            new Random(seed),
            type + " asc=" + isAscending + " nullsFirst=" + isNullsFirst + " seed " + seed);
      }
    }
  }

  @Test
  void emptyInputProducesNoRows() {
    OrderByOperator operator =
        new OrderByOperator(
            OperatorContext.forTesting(), List.of(DataType.BIGINT), List.of(SortKey.ascending(0)));
    Page empty = new Page(0, new LongBlock(0, new long[0], null));
    assertThat(drive(operator, List.of())).isEmpty();
    OrderByOperator second =
        new OrderByOperator(
            OperatorContext.forTesting(), List.of(DataType.BIGINT), List.of(SortKey.ascending(0)));
    assertThat(rows(drive(second, List.of(empty, empty)))).isEmpty();
  }

  @Test
  void emitsFullPagesAndFreesMemory() {
    MemoryContext memory = MemoryContext.unlimited();
    OperatorContext context = new OperatorContext(memory, new AtomicBoolean());
    int rowCount = 2 * PageBuilder.DEFAULT_PAGE_ROWS + 100;
    long[] values = new long[rowCount];
    for (int i = 0; i < rowCount; i++) {
      values[i] = rowCount - i;
    }
    OrderByOperator operator =
        new OrderByOperator(context, List.of(DataType.BIGINT), List.of(SortKey.ascending(0)));
    List<Page> output = drive(operator, List.of(Page.of(new LongBlock(rowCount, values, null))));
    assertThat(output)
        .extracting(Page::rowCount)
        .containsExactly(PageBuilder.DEFAULT_PAGE_ROWS, PageBuilder.DEFAULT_PAGE_ROWS, 100);
    assertThat(output.get(2).objectValue(0, 99)).isEqualTo((long) rowCount);
    assertThat(memory.peakBytes()).isGreaterThan(8L * rowCount);
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void exceedingTheMemoryLimitFailsWithOutOfMemory() {
    MemoryContext memory = new MemoryContext(100_000);
    OperatorContext context = new OperatorContext(memory, new AtomicBoolean());
    OrderByOperator operator =
        new OrderByOperator(context, List.of(DataType.BIGINT), List.of(SortKey.ascending(0)));
    Page page = Page.of(new LongBlock(4096, new long[4096], null));
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10; i++) {
                operator.addInput(page);
              }
            })
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OUT_OF_MEMORY));
    operator.close();
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void cancellationStopsTheOperator() {
    AtomicBoolean isCancelled = new AtomicBoolean();
    OperatorContext context = new OperatorContext(MemoryContext.unlimited(), isCancelled);
    OrderByOperator operator =
        new OrderByOperator(context, List.of(DataType.BIGINT), List.of(SortKey.ascending(0)));
    isCancelled.set(true);
    assertThatThrownBy(() -> operator.addInput(Page.of(new LongBlock(1, new long[1], null))))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELED));
  }

  static List<SortKey> randomKeys(Random random, int channels) {
    List<SortKey> keys = new ArrayList<>();
    int keyCount = 1 + random.nextInt(Math.min(3, channels));
    for (int i = 0; i < keyCount; i++) {
      keys.add(new SortKey(random.nextInt(channels), random.nextBoolean(), random.nextBoolean()));
    }
    return keys;
  }

  private static void checkSort(
      List<DataType> types, List<SortKey> keys, int rowCount, Random random, String description) {
    List<List<@Nullable Object>> input = randomRows(types, rowCount, random);
    List<Page> pages = randomPages(types, input, random);
    MemoryContext memory = MemoryContext.unlimited();
    OrderByOperator operator =
        new OrderByOperator(new OperatorContext(memory, new AtomicBoolean()), types, keys);
    List<Page> output = drive(operator, pages);
    List<List<@Nullable Object>> actual = rows(output);
    List<List<@Nullable Object>> expected = new ArrayList<>(input);
    expected.sort(rowOrder(keys));
    String message = description + " types " + types + " keys " + keys;
    assertSortedLike(actual, expected, keys, message);
    assertThat(multiset(actual)).as(message).isEqualTo(multiset(input));
    assertThat(output).allSatisfy(page -> assertThat(page.rowCount()).isPositive());
    assertThat(memory.reservedBytes()).as(message).isZero();
  }
}
