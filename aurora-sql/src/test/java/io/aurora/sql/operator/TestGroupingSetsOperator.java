package io.aurora.sql.operator;

import static io.aurora.sql.operator.testing.TestingPages.page;
import static io.aurora.sql.operator.testing.TestingPages.row;
import static io.aurora.sql.operator.testing.TestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.GroupingSetsOperator.Grouping;
import io.aurora.sql.operator.testing.OperatorRunner;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestGroupingSetsOperator {
  /** Channels: a, b, v. */
  private static final List<DataType> TYPES =
      List.of(DataType.VARCHAR, DataType.BIGINT, DataType.BIGINT);

  private static final List<AggregateSpec> AGGREGATES =
      List.of(
          new AggregateSpec(AggregateKind.COUNT_ALL, -1, null, false, DataType.BIGINT, 0),
          new AggregateSpec(AggregateKind.SUM, 2, DataType.BIGINT, false, DataType.BIGINT, 0));

  private final MemoryContext memory = MemoryContext.unlimited();
  private final OperatorContext context = new OperatorContext(memory, new AtomicBoolean());

  private GroupingSetsOperator rollup() {
    return new GroupingSetsOperator(
        context,
        List.of(0, 1),
        List.of(DataType.VARCHAR, DataType.BIGINT),
        List.of(List.of(0, 1), List.of(0), List.of()),
        AGGREGATES,
        List.of(new Grouping(List.of(0, 1)), new Grouping(List.of(1))));
  }

  @Test
  void rollupEmitsEverySetWithNullsForMissingKeysAndGroupingBits() {
    List<Page> input =
        List.of(
            page(TYPES, List.of(row("x", 1L, 10L), row("x", 2L, 20L), row("y", 1L, null))),
            page(TYPES, List.of(row("x", 1L, 5L), row(null, 1L, 7L))));
    assertThat(rows(OperatorRunner.run(rollup(), input)))
        .containsExactly(
            row("x", 1L, 2L, 15L, 0L, 0L),
            row("x", 2L, 1L, 20L, 0L, 0L),
            row("y", 1L, 1L, null, 0L, 0L),
            row(null, 1L, 1L, 7L, 0L, 0L),
            row("x", null, 3L, 35L, 1L, 1L),
            row("y", null, 1L, null, 1L, 1L),
            row(null, null, 1L, 7L, 1L, 1L),
            row(null, null, 5L, 42L, 3L, 1L));
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void emptyInputYieldsOnlyTheRowOfTheEmptySet() {
    assertThat(rows(OperatorRunner.run(rollup(), List.of())))
        .containsExactly(row(null, null, 0L, null, 3L, 1L));
  }
}
