package io.aurora.sql.operator.sort;

import static io.aurora.sql.operator.sort.SortTestingPages.drive;
import static io.aurora.sql.operator.sort.SortTestingPages.randomPages;
import static io.aurora.sql.operator.sort.SortTestingPages.randomRows;
import static io.aurora.sql.operator.sort.SortTestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TestLimitOperator {
  private static final List<DataType> TYPES = List.of(DataType.BIGINT, DataType.VARCHAR);

  @Test
  void randomOffsetsAndLimitsMatchSubList() {
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      List<List<@Nullable Object>> input = randomRows(TYPES, random.nextInt(1500), random);
      long offset = random.nextInt(4) == 0 ? 0 : random.nextInt(input.size() + 50);
      long limit = random.nextInt(5) == 0 ? Long.MAX_VALUE : random.nextInt(input.size() + 50);
      List<Page> output =
          drive(new LimitOperator(offset, limit), randomPages(TYPES, input, random));
      int from = (int) Math.min(offset, input.size());
      int to = (int) Math.min(input.size(), from + Math.min(limit, input.size()));
      assertThat(rows(output))
          .as("seed %s offset %s limit %s", seed, offset, limit)
          .isEqualTo(input.subList(from, to));
    }
  }

  @Test
  void offsetSpanningPagesTrimsWithASelection() {
    List<Page> input = List.of(longs(0, 10), longs(10, 10), longs(20, 10));
    List<Page> output = drive(new LimitOperator(15, 10), input);
    assertThat(output).hasSize(2);
    assertThat(output.get(0).selection()).isNotNull();
    assertThat(rows(output)).extracting(row -> row.get(0)).containsExactly(values(15, 25));
  }

  @Test
  void offsetBeyondTheInputProducesNothing() {
    assertThat(drive(new LimitOperator(100, 5), List.of(longs(0, 10), longs(10, 10)))).isEmpty();
  }

  @Test
  void finishesAsSoonAsTheLimitIsReached() {
    LimitOperator operator = new LimitOperator(2, 3);
    operator.addInput(longs(0, 10));
    assertThat(operator.needsInput()).isFalse();
    assertThat(operator.isFinished()).isFalse();
    Page page = operator.getOutput();
    assertThat(rows(List.of(page))).extracting(row -> row.get(0)).containsExactly(values(2, 5));
    assertThat(operator.isFinished()).isTrue();
    assertThat(operator.needsInput()).isFalse();
  }

  @Test
  void zeroLimitIsFinishedAtOnceAndWholePagesPassUnchanged() {
    assertThat(new LimitOperator(0, 0).isFinished()).isTrue();
    Page page = longs(0, 5);
    LimitOperator operator = new LimitOperator(0, Long.MAX_VALUE);
    operator.addInput(page);
    assertThat(operator.getOutput()).isSameAs(page);
  }

  private static Page longs(long start, int count) {
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = start + i;
    }
    return Page.of(new LongBlock(count, values, null));
  }

  private static Object[] values(long from, long to) {
    List<Object> values = new ArrayList<>();
    for (long i = from; i < to; i++) {
      values.add(i);
    }
    return values.toArray();
  }
}
