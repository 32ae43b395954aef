package io.aurora.sql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestInfixCasts {
  @Test
  void castsBindToTheSingleOperandBeforeThem() {
    assertThat(InfixCasts.rewrite("SELECT 1 WHERE b > 1 AND a::varchar = '7'"))
        .isEqualTo("SELECT 1 WHERE b > 1 AND CAST(a AS varchar) = '7'");
    assertThat(InfixCasts.rewrite("SELECT t.a::int + 1")).isEqualTo("SELECT CAST(t.a AS int) + 1");
    assertThat(InfixCasts.rewrite("SELECT '2025-01-01'::date"))
        .isEqualTo("SELECT CAST('2025-01-01' AS date)");
    assertThat(InfixCasts.rewrite("SELECT 'it''s'::text"))
        .isEqualTo("SELECT CAST('it''s' AS VARCHAR)");
    assertThat(InfixCasts.rewrite("SELECT (a + b)::bigint"))
        .isEqualTo("SELECT CAST((a + b) AS bigint)");
    assertThat(InfixCasts.rewrite("SELECT upper(s)::varchar(10) || 'x'"))
        .isEqualTo("SELECT CAST(upper(s) AS varchar(10)) || 'x'");
    assertThat(InfixCasts.rewrite("SELECT -1::int")).isEqualTo("SELECT -CAST(1 AS int)");
    assertThat(InfixCasts.rewrite("SELECT x::double precision, y::timestamp with time zone"))
        .isEqualTo("SELECT CAST(x AS double precision), CAST(y AS TIMESTAMP)");
    assertThat(InfixCasts.rewrite("SELECT a::numeric(10, 2)::text"))
        .isEqualTo("SELECT CAST(CAST(a AS numeric(10, 2)) AS VARCHAR)");
  }

  @Test
  void leavesStringsIdentifiersAndCommentsAlone() {
    assertThat(InfixCasts.rewrite("SELECT 'a::b', \"c::d\" -- e::f\nFROM t"))
        .isEqualTo("SELECT 'a::b', \"c::d\" -- e::f\nFROM t");
    assertThat(InfixCasts.rewrite("SELECT 1 /* x::int */")).isEqualTo("SELECT 1 /* x::int */");
    assertThat(InfixCasts.rewrite("SELECT a FROM t")).isEqualTo("SELECT a FROM t");
  }
}
