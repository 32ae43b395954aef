package io.aurora.storage.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.predicate.ColumnPredicate.Comparison;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
import io.aurora.storage.predicate.RandomColumns.Column;
import io.aurora.storage.type.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestStatistics {
  private static final int ITERATIONS = 3000;

  @ParameterizedTest
  @EnumSource(Column.class)
  void skipChecksAreSound(Column column) {
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      long seed = 7_000_000L + column.ordinal() * 1_000_003L + iteration;
      RandomColumns random = new RandomColumns(seed);
      Block block = random.block(column, random.random().nextInt(30));
      ColumnPredicate predicate = random.predicate(column);
      BlockStatistics statistics = StatisticsCollector.compute(column.type(), block);
      int matching = 0;
      for (int position = 0; position < block.positionCount(); position++) {
        matching += RandomColumns.matches(predicate, block, position) ? 1 : 0;
      }
      String description = "seed " + seed + ", " + predicate + ", " + statistics;
      if (matching > 0) {
        assertThat(PredicateEvaluator.mayMatch(predicate, column.type(), statistics))
            .as(description)
            .isTrue();
      }
      if (PredicateEvaluator.allMatch(predicate, column.type(), statistics)) {
        assertThat(matching).as(description).isEqualTo(block.positionCount());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Column.class)
  void mergeEqualsStatisticsOfTheConcatenation(Column column) {
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      long seed = 9_000_000L + column.ordinal() * 1_000_003L + iteration;
      RandomColumns random = new RandomColumns(seed);
      Block block = random.block(column, random.random().nextInt(30));
      int split = random.random().nextInt(block.positionCount() + 1);
      BlockStatistics merged =
          StatisticsCollector.merge(
              StatisticsCollector.compute(column.type(), block.copyRegion(0, split)),
              StatisticsCollector.compute(
                  column.type(), block.copyRegion(split, block.positionCount() - split)),
              column.type().physicalType());
      BlockStatistics whole = StatisticsCollector.compute(column.type(), block);
      assertThat(description(merged)).as("seed " + seed).isEqualTo(description(whole));
    }
  }

  /** Counts and bounds as text: byte[] bounds by content, NaN equal to itself. */
  private static String description(BlockStatistics statistics) {
    return statistics.rowCount()
        + "/"
        + statistics.nullCount()
        + "/"
        + bound(statistics.min())
        + "/"
        + bound(statistics.max());
  }

  private static String bound(Object bound) {
    return bound instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : String.valueOf(bound);
  }

  @Test
  void floatingMinAndMaxFollowPostgresOrder() {
    DoubleBlock block = new DoubleBlock(3, new double[] {-0.0, Double.NaN, -0.0}, null);
    BlockStatistics statistics = StatisticsCollector.compute(DataType.DOUBLE, block);
    assertThat(statistics.min()).isEqualTo(0.0);
    assertThat(statistics.max()).isEqualTo(Double.NaN);
    BlockStatistics onlyNan =
        StatisticsCollector.compute(
            DataType.DOUBLE, new DoubleBlock(1, new double[] {Double.NaN}, null));
    assertThat(onlyNan.min()).isEqualTo(Double.NaN);
  }

  @Test
  void longVarcharBoundsStayBounds() {
    String longValue = "a".repeat(300);
    String longMax = "\u00ff".repeat(200);
    BlockStatistics statistics =
        StatisticsCollector.compute(DataType.VARCHAR, VarcharBlock.of(longValue, longMax));
    byte[] min = (byte[]) statistics.min();
    byte[] max = (byte[]) statistics.max();
    assertThat(min).hasSize(StatisticsCollector.MAX_VARCHAR_BOUND_BYTES);
    assertThat(max.length).isLessThanOrEqualTo(StatisticsCollector.MAX_VARCHAR_BOUND_BYTES);
    assertThat(java.util.Arrays.compareUnsigned(min, RandomColumns.utf8(longValue)))
        .isLessThanOrEqualTo(0);
    assertThat(java.util.Arrays.compareUnsigned(max, RandomColumns.utf8(longMax))).isGreaterThan(0);
    assertThat(
            PredicateEvaluator.mayMatch(
                new Comparison("c", Operator.EQUAL, longMax), DataType.VARCHAR, statistics))
        .isTrue();
  }

  @Test
  void skipsWhenStatisticsProveNoMatch() {
    BlockStatistics longs =
        StatisticsCollector.compute(
            DataType.BIGINT, new LongBlock(3, new long[] {10, 20, 30}, null));
    assertThat(mayMatch(new Comparison("c", Operator.EQUAL, 5L), DataType.BIGINT, longs)).isFalse();
    assertThat(mayMatch(new Comparison("c", Operator.GREATER_THAN, 30L), DataType.BIGINT, longs))
        .isFalse();
    assertThat(mayMatch(new ColumnPredicate.Between("c", 31L, 40L), DataType.BIGINT, longs))
        .isFalse();
    assertThat(mayMatch(new ColumnPredicate.In("c", List.of(1L, 40L)), DataType.BIGINT, longs))
        .isFalse();
    assertThat(mayMatch(new ColumnPredicate.IsNull("c"), DataType.BIGINT, longs)).isFalse();
    assertThat(mayMatch(new ColumnPredicate.In("c", List.of(1L, 25L)), DataType.BIGINT, longs))
        .isTrue();
    assertThat(
            PredicateEvaluator.allMatch(
                new Comparison("c", Operator.GREATER_THAN_OR_EQUAL, 10L), DataType.BIGINT, longs))
        .isTrue();

    BlockStatistics constant = new BlockStatistics(4, 1, 7L, 7L);
    assertThat(mayMatch(new Comparison("c", Operator.NOT_EQUAL, 7L), DataType.BIGINT, constant))
        .isFalse();
    BlockStatistics allNull = new BlockStatistics(4, 4, null, null);
    assertThat(mayMatch(new ColumnPredicate.IsNotNull("c"), DataType.BIGINT, allNull)).isFalse();
    assertThat(mayMatch(new Comparison("c", Operator.NOT_EQUAL, 7L), DataType.BIGINT, allNull))
        .isFalse();

    BlockStatistics strings =
        StatisticsCollector.compute(DataType.VARCHAR, VarcharBlock.of("apple", "banana"));
    assertThat(mayMatch(new ColumnPredicate.LikePrefix("c", "c"), DataType.VARCHAR, strings))
        .isFalse();
    assertThat(mayMatch(new ColumnPredicate.LikePrefix("c", "ab"), DataType.VARCHAR, strings))
        .isFalse();
    assertThat(mayMatch(new ColumnPredicate.LikePrefix("c", "ba"), DataType.VARCHAR, strings))
        .isTrue();
    assertThat(
            mayMatch(new Comparison("c", Operator.LESS_THAN, "apple"), DataType.VARCHAR, strings))
        .isFalse();

    BlockStatistics doubles =
        StatisticsCollector.compute(
            DataType.DOUBLE, new DoubleBlock(2, new double[] {-1, 1}, null));
    assertThat(mayMatch(new Comparison("c", Operator.EQUAL, Double.NaN), DataType.DOUBLE, doubles))
        .isFalse();
  }

  private static boolean mayMatch(
      ColumnPredicate predicate, DataType type, BlockStatistics statistics) {
    return PredicateEvaluator.mayMatch(predicate, type, statistics);
  }
}
