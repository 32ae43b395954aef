package io.aurora.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.benchmarks.operator.BenchmarkHashAggregation.GroupingCase;
import io.aurora.benchmarks.operator.BenchmarkHashAggregation.PrimitiveGroups;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@link BenchmarkHashAggregation} method once on a few pages and checks that the
 * operator, the group-by hash and the primitive baseline find the same groups with the same counts
 * and sums.
 */
final class TestBenchmarkHashAggregation {
  private static final int ROWS = 5 * 8_192 + 100;

  @Test
  void verify() {
    for (GroupingCase groupingCase : GroupingCase.values()) {
      BenchmarkHashAggregation benchmark = new BenchmarkHashAggregation();
      benchmark.groupingCase = groupingCase;
      benchmark.rowCount = ROWS;
      benchmark.setup();

      PrimitiveGroups baseline = benchmark.primitiveLoop();
      Map<List<Object>, List<Long>> expected =
          baselineGroups(baseline, groupingCase, benchmark.dictionary());
      Map<List<Object>, List<Long>> actual = operatorGroups(benchmark.hashAggregation());

      assertThat(actual).as(groupingCase.name()).isEqualTo(expected);
      assertThat(benchmark.groupByHash()).as(groupingCase.name()).isEqualTo(expected.size());
      long rows = expected.values().stream().mapToLong(aggregates -> aggregates.get(0)).sum();
      assertThat(rows).as(groupingCase.name()).isEqualTo(ROWS);
      switch (groupingCase) {
        case BIGINT_100_GROUPS -> assertThat(expected).hasSize(100);
        case BIGINT_1M_GROUPS -> assertThat(expected.size()).isGreaterThan(ROWS * 9 / 10);
        case BIGINT_VARCHAR -> assertThat(expected.size()).isBetween(9_000, 10_000);
      }
    }
  }

  /** Key values (BIGINT, then the string of a VARCHAR key) to [count, sum], from output pages. */
  private static Map<List<Object>, List<Long>> operatorGroups(List<Page> pages) {
    Map<List<Object>, List<Long>> groups = new HashMap<>();
    for (Page page : pages) {
      int keyCount = page.channelCount() - 2;
      for (int row = 0; row < page.rowCount(); row++) {
        List<Object> key = new ArrayList<>();
        for (int channel = 0; channel < keyCount; channel++) {
          key.add(page.objectValue(channel, row));
        }
        List<Long> aggregates =
            List.of(
                (Long) page.objectValue(keyCount, row), (Long) page.objectValue(keyCount + 1, row));
        assertThat(groups.put(key, aggregates)).as("group %s output twice", key).isNull();
      }
    }
    return groups;
  }

  private static Map<List<Object>, List<Long>> baselineGroups(
      PrimitiveGroups baseline, GroupingCase groupingCase, VarcharBlock dictionary) {
    Map<List<Object>, List<Long>> groups = new HashMap<>();
    for (int group = 0; group < baseline.groupCount(); group++) {
      List<Object> key = new ArrayList<>();
      key.add(baseline.key(group));
      if (groupingCase.hasVarcharKey()) {
        key.add(dictionary.string(baseline.dictionaryId(group)));
      }
      groups.put(key, List.of(baseline.count(group), baseline.sum(group)));
    }
    return groups;
  }
}
