package io.aurora.sql.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.testing.TestingPages;
import io.aurora.sql.planner.AuroraOperatorTable;
import io.aurora.sql.planner.AuroraTypeSystem;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Query fragments travel as JSON and compute on the other side what they compute here. */
class TestShardFragment {
  private static final RexBuilder REX =
      new RexBuilder(new JavaTypeFactoryImpl(AuroraTypeSystem.INSTANCE));
  private static final RelDataTypeFactory TYPES = REX.getTypeFactory();
  private static final RelDataType NULLABLE_VARCHAR =
      TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.VARCHAR), true);
  private static final RelDataType NULLABLE_INTEGER =
      TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.INTEGER), true);

  /** name VARCHAR, age INTEGER, plan VARCHAR. */
  private static final List<DataType> SCAN_TYPES =
      List.of(DataType.VARCHAR, DataType.INTEGER, DataType.VARCHAR);

  private static final List<RelDataType> SCAN_REL_TYPES =
      List.of(NULLABLE_VARCHAR, NULLABLE_INTEGER, NULLABLE_VARCHAR);

  private static RexNode ref(int channel) {
    return REX.makeInputRef(SCAN_REL_TYPES.get(channel), channel);
  }

  /** lower(name) LIKE '%1%'. */
  private static RexNode filter() {
    return REX.makeCall(
        SqlStdOperatorTable.LIKE,
        REX.makeCall(SqlStdOperatorTable.LOWER, ref(0)),
        REX.makeLiteral("%1%"));
  }

  /** plan, age + 1. */
  private static List<RexNode> projections() {
    return List.of(
        ref(2),
        REX.makeCall(SqlStdOperatorTable.PLUS, ref(1), REX.makeExactLiteral(BigDecimal.ONE)));
  }

  /** GROUP BY plan: count(*), sum(age + 1), avg(age + 1). */
  private static ShardFragment.PartialAggregation aggregation() {
    return new ShardFragment.PartialAggregation(
        List.of(0),
        List.of(DataType.VARCHAR),
        List.of(
            new AggregateSpec(AggregateKind.COUNT_ALL, -1, null, false, DataType.BIGINT, 0),
            new AggregateSpec(AggregateKind.SUM, 1, DataType.INTEGER, false, DataType.BIGINT, 0),
            new AggregateSpec(AggregateKind.AVG, 1, DataType.INTEGER, false, DataType.DOUBLE, 0)));
  }

  private static Page page() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(
          Arrays.asList(i % 7 == 0 ? null : "User " + i, i % 5 == 0 ? null : i, "plan" + (i % 3)));
    }
    return TestingPages.page(SCAN_TYPES, rows);
  }

  private static PageSource pages(List<Page> pages) {
    Iterator<Page> iterator = pages.iterator();
    return () -> iterator.hasNext() ? iterator.next() : null;
  }

  private static List<List<@Nullable Object>> run(String json) {
    PageSource scan = pages(List.of(page(), page()));
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (PageSource output = ShardFragment.decode(json).run(scan, new AtomicBoolean())) {
      for (Page page = output.next(); page != null; page = output.next()) {
        rows.addAll(TestingPages.rows(page));
      }
    }
    rows.sort(Comparator.comparing(row -> String.valueOf(row.get(0))));
    return rows;
  }

  @Test
  void aFilterProjectionAndPartialAggregationRunOnTheOtherSide() {
    String json =
        ShardFragment.encode(
            SCAN_TYPES, SCAN_REL_TYPES, filter(), projections(), aggregation(), 1 << 20);

    assertThat(json).isNotNull();
    // Per plan: the rows whose lower(name) has a '1' (two pages of the same rows), then the
    // partial state: count, sum of age + 1, and avg's (sum, count).
    List<List<Object>> expected = new ArrayList<>();
    for (int plan = 0; plan < 3; plan++) {
      long count = 0;
      long sum = 0;
      long valued = 0;
      for (int i = 0; i < 200; i++) {
        if (i % 3 != plan || i % 7 == 0 || !String.valueOf(i).contains("1")) {
          continue;
        }
        count += 2;
        if (i % 5 != 0) {
          sum += 2L * (i + 1);
          valued += 2;
        }
      }
      expected.add(Arrays.asList("plan" + plan, count, sum, (double) sum, valued));
    }
    List<List<@Nullable Object>> actual = run(json);
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i)).as("plan %d", i).isEqualTo(expected.get(i));
    }
    assertThat(actual).hasSize(3);
  }

  @Test
  void aFilterAndProjectionAloneSendTheRowsThatPass() {
    String json =
        ShardFragment.encode(SCAN_TYPES, SCAN_REL_TYPES, filter(), projections(), null, 1 << 20);

    assertThat(json).isNotNull();
    assertThat(run(json)).hasSize(2 * countPassing());
  }

  private static int countPassing() {
    int passing = 0;
    for (int i = 0; i < 200; i++) {
      passing += i % 7 != 0 && String.valueOf(i).contains("1") ? 1 : 0;
    }
    return passing;
  }

  @Test
  void aPartialTopNSendsTheFirstRowsOnly() {
    // ORDER BY age + 1 DESC NULLS LAST, plan LIMIT 4 over the rows that pass the filter.
    String json =
        ShardFragment.encode(
            SCAN_TYPES,
            SCAN_REL_TYPES,
            filter(),
            projections(),
            new ShardFragment.PartialTopN(
                List.of(new SortKey(1, false, false), new SortKey(0, true, false)), 4),
            1 << 20);

    assertThat(json).isNotNull();
    PageSource scan = pages(List.of(page(), page()));
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (PageSource output = ShardFragment.decode(json).run(scan, new AtomicBoolean())) {
      for (Page page = output.next(); page != null; page = output.next()) {
        rows.addAll(TestingPages.rows(page));
      }
    }
    // The largest ages among names with a '1' (i % 7 != 0) that have an age (i % 5 != 0): 199,
    // then 198, each twice (two pages of the same rows).
    assertThat(rows)
        .containsExactly(
            Arrays.asList("plan1", 200),
            Arrays.asList("plan1", 200),
            Arrays.asList("plan0", 199),
            Arrays.asList("plan0", 199));
  }

  /**
   * Literals whose JSON form in Calcite loses part of their type, and operators that share their
   * name, kind and syntax with others, come back the very same ({@code encode} checks that).
   */
  @Test
  void literalsAndOperatorsComeBackExactly() {
    List<RexNode> projections =
        List.of(
            REX.makeTimestampLiteral(new TimestampString("2024-02-29 23:59:59.123456"), 6),
            REX.makeCall(
                SqlStdOperatorTable.CASE,
                REX.makeCall(SqlStdOperatorTable.IS_NULL, ref(0)),
                REX.makeLiteral("none"),
                REX.makeCall(SqlStdOperatorTable.UPPER, ref(0))),
            REX.makeCall(
                AuroraOperatorTable.ROUND,
                REX.makeCall(
                    SqlStdOperatorTable.MULTIPLY,
                    ref(1),
                    REX.makeExactLiteral(new BigDecimal("1.25"))),
                REX.makeExactLiteral(BigDecimal.ONE)),
            REX.makeCall(SqlStdOperatorTable.PLUS, ref(1), REX.makeExactLiteral(BigDecimal.TEN)));

    String json =
        ShardFragment.encode(SCAN_TYPES, SCAN_REL_TYPES, null, projections, null, 1 << 20);

    assertThat(json).isNotNull().contains("\"+#").contains("\"ROUND#");
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (PageSource output =
        ShardFragment.decode(json).run(pages(List.of(page())), new AtomicBoolean())) {
      for (Page page = output.next(); page != null; page = output.next()) {
        rows.addAll(TestingPages.rows(page));
      }
    }
    // Row 7: no name (7 % 7 == 0), age 7; row 8: "User 8", age 8. Decimals read as unscaled.
    assertThat(rows.get(7).subList(1, 4)).containsExactly("none", 88L, 17);
    assertThat(rows.get(8).subList(1, 4)).containsExactly("USER 8", 100L, 18);
  }

  @Test
  void expressionsWhoseValueDependsOnWhereTheyRunStayHere() {
    RexNode random = REX.makeCall(SqlStdOperatorTable.RAND);

    assertThat(
            ShardFragment.encode(
                SCAN_TYPES, SCAN_REL_TYPES, null, List.of(ref(0), random), null, 1 << 20))
        .isNull();
    assertThat(ShardFragment.encode(SCAN_TYPES, SCAN_REL_TYPES, null, null, null, 1 << 20))
        .isNull();
  }

  @Test
  void anotherVersionOrMalformedTextIsRefused() {
    String json =
        ShardFragment.encode(SCAN_TYPES, SCAN_REL_TYPES, filter(), projections(), null, 1 << 20);

    assertThatThrownBy(() -> ShardFragment.decode(json.replace("\"version\":1", "\"version\":99")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 99");
    assertThatThrownBy(() -> ShardFragment.decode("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a query fragment");
  }
}
