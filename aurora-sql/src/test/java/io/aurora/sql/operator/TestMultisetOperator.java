package io.aurora.sql.operator;

import static io.aurora.sql.operator.testing.TestingPages.page;
import static io.aurora.sql.operator.testing.TestingPages.row;
import static io.aurora.sql.operator.testing.TestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.operator.MultisetOperator.Kind;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TestMultisetOperator {
  private static final List<DataType> TYPES = List.of(DataType.BIGINT, DataType.VARCHAR);

  @Test
  void intersectAllKeepsTheSmallerCountAndNullsMatch() {
    List<List<@Nullable Object>> output =
        run(
            Kind.INTERSECT_ALL,
            List.of(
                row(1L, "a"),
                row(1L, "a"),
                row(1L, "a"),
                row(2L, "b"),
                row(null, null),
                row(null, null),
                row(3L, null)),
            List.of(row(1L, "a"), row(1L, "a"), row(null, null), row(3L, "c"), row(4L, "d")));
    assertThat(output).containsExactlyInAnyOrder(row(1L, "a"), row(1L, "a"), row(null, null));
  }

  @Test
  void exceptAllSubtractsCountsAndNeverGoesBelowZero() {
    List<List<@Nullable Object>> output =
        run(
            Kind.EXCEPT_ALL,
            List.of(row(1L, "a"), row(1L, "a"), row(1L, "a"), row(2L, "b"), row(null, null)),
            List.of(row(1L, "a"), row(2L, "b"), row(2L, "b"), row(5L, "e")));
    assertThat(output).containsExactlyInAnyOrder(row(1L, "a"), row(1L, "a"), row(null, null));
  }

  @Test
  void moreThanTwoInputsApplyLeftToRight() {
    List<List<@Nullable Object>> first = List.of(row(1L, "a"), row(1L, "a"), row(1L, "a"));
    List<List<@Nullable Object>> second = List.of(row(1L, "a"), row(1L, "a"));
    List<List<@Nullable Object>> third = List.of(row(1L, "a"));
    assertThat(run(Kind.INTERSECT_ALL, first, second, third)).containsExactly(row(1L, "a"));
    assertThat(run(Kind.EXCEPT_ALL, first, third, third)).containsExactly(row(1L, "a"));
    assertThat(run(Kind.EXCEPT_ALL, first, second, second)).isEmpty();
  }

  @Test
  void manyCopiesOfOneRowSpanSeveralPages() {
    int copies = PageBuilder.DEFAULT_PAGE_ROWS * 2 + 5;
    List<List<@Nullable Object>> first = new ArrayList<>(Collections.nCopies(copies, row(7L, "x")));
    first.add(row(8L, "y"));
    MultisetOperator operator =
        new MultisetOperator(OperatorContext.forTesting(), Kind.EXCEPT_ALL, TYPES);
    operator.addInput(page(TYPES, first));
    operator.endInput();
    operator.addInput(page(TYPES, List.of(row(7L, "x"))));
    operator.finish();
    List<Page> pages = drain(operator);
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).rowCount()).isEqualTo(PageBuilder.DEFAULT_PAGE_ROWS);
    List<List<@Nullable Object>> output = rows(pages);
    assertThat(output).hasSize(copies);
    assertThat(output.get(output.size() - 1)).isEqualTo(row(8L, "y"));
  }

  @Test
  void emptyFirstInputNeedsNoFurtherInput() {
    MultisetOperator operator =
        new MultisetOperator(OperatorContext.forTesting(), Kind.INTERSECT_ALL, TYPES);
    assertThat(operator.needsInput()).isTrue();
    operator.endInput();
    assertThat(operator.needsInput()).isFalse();
    operator.finish();
    assertThat(drain(operator)).isEmpty();
  }

  @Test
  void intersectAllWithoutAMatchNeedsNoFurtherInput() {
    MultisetOperator operator =
        new MultisetOperator(OperatorContext.forTesting(), Kind.INTERSECT_ALL, TYPES);
    operator.addInput(page(TYPES, List.of(row(1L, "a"))));
    operator.endInput();
    operator.addInput(page(TYPES, List.of(row(2L, "b"))));
    assertThat(operator.needsInput()).isTrue();
    operator.endInput();
    assertThat(operator.needsInput()).isFalse();
  }

  @Test
  void closeFreesTheMemory() {
    OperatorContext context = OperatorContext.forTesting();
    MultisetOperator operator = new MultisetOperator(context, Kind.INTERSECT_ALL, TYPES);
    operator.addInput(page(TYPES, List.of(row(1L, "a"), row(2L, "b"))));
    assertThat(context.memory().reservedBytes()).isPositive();
    operator.close();
    assertThat(context.memory().reservedBytes()).isZero();
  }

  @SafeVarargs
  private static List<List<@Nullable Object>> run(
      Kind kind, List<List<@Nullable Object>>... inputs) {
    MultisetOperator operator = new MultisetOperator(OperatorContext.forTesting(), kind, TYPES);
    try (operator) {
      for (int i = 0; i < inputs.length; i++) {
        if (i > 0) {
          operator.endInput();
        }
        operator.addInput(page(TYPES, inputs[i]));
      }
      operator.finish();
      return rows(drain(operator));
    }
  }

  private static List<Page> drain(MultisetOperator operator) {
    List<Page> pages = new ArrayList<>();
    while (!operator.isFinished()) {
      Page page = operator.getOutput();
      if (page != null) {
        pages.add(page);
      }
    }
    return pages;
  }
}
