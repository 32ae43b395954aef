package io.aurora.sql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GROUPS frames rewritten into the ROWS and RANGE frames Calcite parses. */
class TestGroupsFrames {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 2 FOLLOWING)"
            + " | OVER (ORDER BY a ROWS BETWEEN 1125899906842625 PRECEDING AND 1125899906842626"
            + " FOLLOWING)",
        "OVER (ORDER BY a groups between 1 preceding and current row exclude ties)"
            + " | OVER (ORDER BY a ROWS BETWEEN 1125899906842625 PRECEDING AND CURRENT ROW exclude"
            + " ties)",
        "OVER (ORDER BY a GROUPS 3 PRECEDING) | OVER (ORDER BY a ROWS 1125899906842627 PRECEDING)",
        "OVER (ORDER BY a GROUPS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
            + " | OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
        "OVER (ORDER BY a GROUPS CURRENT ROW) | OVER (ORDER BY a RANGE CURRENT ROW)",
        "OVER (ORDER BY a ROWS BETWEEN 2000000000000000000 PRECEDING AND 5 FOLLOWING)"
            + " | OVER (ORDER BY a ROWS BETWEEN 1125899906842623 PRECEDING AND 5 FOLLOWING)",
      })
  void rewritesFrames(String sql, String expected) {
    assertThat(GroupsFrames.rewrite(sql)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT groups FROM t WHERE groups BETWEEN 1 AND 5",
        "SELECT 'GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING' FROM t",
        "SELECT a FROM t -- GROUPS 1 PRECEDING",
        "SELECT sum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t",
        "SELECT sum(a) OVER (ORDER BY a GROUPS BETWEEN ? PRECEDING AND 1 FOLLOWING) FROM t",
        "SELECT rows FROM t",
      })
  void leavesEverythingElse(String sql) {
    assertThat(GroupsFrames.rewrite(sql)).isSameAs(sql);
  }

  @Test
  void marksOffsetsSoThatThePlannerKnowsThem() {
    assertThat(GroupsFrames.isMarked(GroupsFrames.OFFSET_MARK + 2)).isTrue();
    assertThat(GroupsFrames.unmarked(GroupsFrames.OFFSET_MARK + 2)).isEqualTo(2);
    assertThat(GroupsFrames.isMarked(Integer.MAX_VALUE)).isFalse();
  }
}
