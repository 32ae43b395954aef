package io.aurora.storage.predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate.Comparison;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
import io.aurora.storage.predicate.RandomColumns.Column;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestPredicateEvaluator {
  private static final int ITERATIONS = 3000;

  @ParameterizedTest
  @EnumSource(Column.class)
  void filterAgreesWithBruteForce(Column column) {
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      long seed = column.ordinal() * 1_000_003L + iteration;
      RandomColumns random = new RandomColumns(seed);
      Block block = random.block(column, random.random().nextInt(40));
      ColumnPredicate predicate = random.predicate(column);
      String description = "seed " + seed + ", " + predicate + ", " + column;

      int[] all = new int[block.positionCount()];
      int count = PredicateEvaluator.filter(predicate, column.type(), block, null, 0, all);
      assertThat(Arrays.copyOf(all, count))
          .as(description)
          .containsExactly(bruteForce(predicate, block, null));

      int[] selection = random.selection(block.positionCount());
      int[] expected = bruteForce(predicate, block, selection);
      int[] out = new int[selection.length];
      count =
          PredicateEvaluator.filter(
              predicate, column.type(), block, selection, selection.length, out);
      assertThat(Arrays.copyOf(out, count)).as(description).containsExactly(expected);

      int[] inPlace = Arrays.copyOf(selection, selection.length + 3);
      count =
          PredicateEvaluator.filter(
              predicate, column.type(), block, inPlace, selection.length, inPlace);
      assertThat(Arrays.copyOf(inPlace, count)).as(description).containsExactly(expected);
    }
  }

  private static int[] bruteForce(ColumnPredicate predicate, Block block, int[] selection) {
    int[] positions =
        selection == null
            ? java.util.stream.IntStream.range(0, block.positionCount()).toArray()
            : selection;
    return Arrays.stream(positions)
        .filter(position -> RandomColumns.matches(predicate, block, position))
        .toArray();
  }

  @Test
  void foldsIntConstantsOutsideTheIntRange() {
    IntBlock block =
        new IntBlock(3, new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}, new boolean[3]);
    assertThat(count(new Comparison("c", Operator.LESS_THAN, 3_000_000_000L), block)).isEqualTo(3);
    assertThat(count(new Comparison("c", Operator.EQUAL, 3_000_000_000L), block)).isZero();
    assertThat(count(new Comparison("c", Operator.NOT_EQUAL, -3_000_000_000L), block)).isEqualTo(3);
    assertThat(count(new Comparison("c", Operator.GREATER_THAN, (long) Integer.MAX_VALUE), block))
        .isZero();
    assertThat(count(new Comparison("c", Operator.GREATER_THAN, 5), block)).isEqualTo(1);
  }

  private static int count(ColumnPredicate predicate, IntBlock block) {
    return PredicateEvaluator.filter(
        predicate, DataType.INTEGER, block, null, 0, new int[block.positionCount()]);
  }

  @Test
  void ordersNanAboveEverythingAndNegativeZeroAsZero() {
    DoubleBlock block =
        new DoubleBlock(4, new double[] {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY}, null);
    assertThat(positions(new Comparison("c", Operator.EQUAL, 0.0), block)).containsExactly(1, 2);
    assertThat(positions(new Comparison("c", Operator.EQUAL, Double.NaN), block))
        .containsExactly(0);
    assertThat(
            positions(new Comparison("c", Operator.GREATER_THAN, Double.POSITIVE_INFINITY), block))
        .containsExactly(0);
    assertThat(positions(new Comparison("c", Operator.LESS_THAN, -0.0), block)).isEmpty();
    assertThat(positions(new Comparison("c", Operator.NOT_EQUAL, 0.0), block))
        .containsExactly(0, 3);
  }

  private static int[] positions(ColumnPredicate predicate, DoubleBlock block) {
    int[] out = new int[block.positionCount()];
    int count = PredicateEvaluator.filter(predicate, DataType.DOUBLE, block, null, 0, out);
    return Arrays.copyOf(out, count);
  }

  @Test
  void filtersDictionaryByIdsWithEmptyDictionary() {
    DictionaryBlock block =
        new DictionaryBlock(2, new int[2], VarcharBlock.of(), true, new boolean[] {true, true});
    int[] out = new int[2];
    assertThat(
            PredicateEvaluator.filter(
                new ColumnPredicate.In("c", List.of("a", "b")),
                DataType.VARCHAR,
                block,
                null,
                0,
                out))
        .isZero();
    assertThat(
            PredicateEvaluator.filter(
                new ColumnPredicate.IsNull("c"), DataType.VARCHAR, block, null, 0, out))
        .isEqualTo(2);
  }

  @Test
  void rejectsMismatchedValuesAndBlocks() {
    IntBlock block = new IntBlock(1, new int[] {1}, null);
    assertThatThrownBy(() -> count(new Comparison("c", Operator.EQUAL, "1"), block))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATATYPE_MISMATCH));
    assertThatThrownBy(() -> count(new ColumnPredicate.LikePrefix("c", "1"), block))
        .isInstanceOf(AuroraException.class);
    assertThatThrownBy(
            () ->
                PredicateEvaluator.filter(
                    new ColumnPredicate.IsNull("c"), DataType.BIGINT, block, null, 0, new int[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
