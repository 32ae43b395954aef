package io.aurora.sql.expression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Intervals written as PostgreSQL 16 writes them with its default IntervalStyle. */
class TestIntervalText {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 00:00:00",
        "1 | 1 mon",
        "2 | 2 mons",
        "12 | 1 year",
        "14 | 1 year 2 mons",
        "-3 | -3 mons",
        "-25 | -2 years -1 mons",
      })
  void months(int months, String expected) {
    StringBuilder out = new StringBuilder();
    IntervalText.formatMonths(out, months);
    assertThat(out.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 00:00:00",
        "500000 | 00:00:00.5",
        "3723000001 | 01:02:03.000001",
        "86400000000 | 1 day",
        "172800000000 | 2 days",
        "93600000000 | 1 day 02:00:00",
        "-93600000000 | -1 days -02:00:00",
        "-7200000000 | -02:00:00",
        "-86400000000 | -1 days",
        "360000000000000 | 4166 days 16:00:00",
      })
  void micros(long micros, String expected) {
    StringBuilder out = new StringBuilder();
    IntervalText.formatMicros(out, micros, true);
    assertThat(out.toString()).isEqualTo(expected);
  }

  /** An interval whose type starts at hours, minutes or seconds keeps whole days as hours. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 00:00:00",
        "129600000000 | 36:00:00",
        "86400000000 | 24:00:00",
        "-129600500000 | -36:00:00.5",
        "360000000000000 | 100000:00:00",
      })
  void microsOfATimeType(long micros, String expected) {
    StringBuilder out = new StringBuilder();
    IntervalText.formatMicros(out, micros, false);
    assertThat(out.toString()).isEqualTo(expected);
  }
}
