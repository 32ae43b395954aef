package io.aurora.sql.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.planner.IntervalLiterals.Interval;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PostgreSQL's interval input, with the values PostgreSQL 16 gives for the same text. */
class TestIntervalLiterals {
  private static final long SECOND = 1_000_000L;
  private static final long HOUR = 3_600 * SECOND;
  private static final long DAY = 24 * HOUR;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "30 days | 0 | 30 | 0",
        "1 day 2 hours | 0 | 1 | 7200000000",
        "1h30m | 0 | 0 | 5400000000",
        "1 hour | 0 | 0 | 3600000000",
        "36 hours | 0 | 0 | 129600000000",
        "-1 week | 0 | -7 | 0",
        "2 hours ago | 0 | 0 | -7200000000",
        "1 day 02:30:00 | 0 | 1 | 9000000000",
        "01:30 | 0 | 0 | 5400000000",
        "-01:30:00.5 | 0 | 0 | -5400500000",
        "0.5 seconds | 0 | 0 | 500000",
        "1 ms | 0 | 0 | 1000",
        "30 | 0 | 0 | 30000000",
        "1 month | 1 | 0 | 0",
        "1.5 years | 18 | 0 | 0",
        "1.5 months | 1 | 15 | 0",
        "1.5 days | 0 | 1 | 43200000000",
        "1.5 weeks | 0 | 10 | 43200000000",
        "2 decades | 240 | 0 | 0",
        "1 year 2 mons 3 days | 14 | 3 | 0",
        "@ 1 day | 0 | 1 | 0",
        "P1Y2M3DT4H5M6S | 14 | 3 | 14706000000",
        "PT1.5S | 0 | 0 | 1500000",
        "P2W | 0 | 14 | 0",
        "1 DAY, 1 HOUR | 0 | 1 | 3600000000",
      })
  void readsPostgresIntervalText(String text, long months, long days, long micros) {
    assertThat(IntervalLiterals.parse(text)).isEqualTo(new Interval(months, days, micros));
  }

  @ParameterizedTest
  @CsvSource({"bogus", "''", "1 fortnight", "1:99", "P", "1 day ago ago", "--1 day"})
  void refusesTextThatIsNoInterval(String text) {
    assertThatThrownBy(() -> IntervalLiterals.parse(text))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_DATETIME_FORMAT);
              assertThat(e.getMessage()).contains(text);
            });
  }

  @Test
  void writesTheCoarsestStandardLiteral() {
    assertThat(IntervalLiterals.literal("2 days", null)).isEqualTo("INTERVAL '2' DAY(9)");
    assertThat(IntervalLiterals.literal("48 hours", null)).isEqualTo("INTERVAL '48' HOUR(9)");
    assertThat(IntervalLiterals.literal("1 day 12 hours", null))
        .isEqualTo("(INTERVAL '1' DAY(9) + INTERVAL '12' HOUR(9))");
    assertThat(IntervalLiterals.literal("90 minutes", null)).isEqualTo("INTERVAL '90' MINUTE(9)");
    assertThat(IntervalLiterals.literal("1.25 seconds", null))
        .isEqualTo("INTERVAL '1.25' SECOND(9, 6)");
    assertThat(IntervalLiterals.literal("2 years", null)).isEqualTo("INTERVAL '2' YEAR(9)");
    assertThat(IntervalLiterals.literal("-3 months", null)).isEqualTo("INTERVAL '-3' MONTH(9)");
    assertThat(IntervalLiterals.literal("0 seconds", null)).isEqualTo("INTERVAL '0' DAY(9)");
  }

  @Test
  void anIntervalOfBothKindsIsTwoLiteralsOnlyWhereItIsAddedOrSubtracted() {
    assertThat(IntervalLiterals.literal("1 month 2 days", "-"))
        .isEqualTo("INTERVAL '1' MONTH(9) - INTERVAL '2' DAY(9)");
    assertThatThrownBy(() -> IntervalLiterals.literal("1 month 2 days", null))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
  }

  @Test
  void rewritesPostgresIntervalLiteralsInStatements() {
    assertThat(PostgresSyntax.rewrite("WHERE ts > now() - INTERVAL '30 days'"))
        .isEqualTo("WHERE ts > now() - INTERVAL '30' DAY(9)");
    assertThat(PostgresSyntax.rewrite("WHERE ts > now() - interval '1 hour' AND x"))
        .isEqualTo("WHERE ts > now() - INTERVAL '1' HOUR(9) AND x");
    assertThat(PostgresSyntax.rewrite("SELECT ts + INTERVAL '1 mon 1 day' FROM t"))
        .isEqualTo("SELECT ts + INTERVAL '1' MONTH(9) + INTERVAL '1' DAY(9) FROM t");
    assertThat(PostgresSyntax.rewrite("SELECT INTERVAL '1' DAY, INTERVAL '2' HOUR TO MINUTE"))
        .isEqualTo("SELECT INTERVAL '1' DAY, INTERVAL '2' HOUR TO MINUTE");
    assertThat(PostgresSyntax.rewrite("SELECT CAST('1 week' AS interval) + ts"))
        .isEqualTo("SELECT (INTERVAL '7' DAY(9)) + ts");
    assertThat(PostgresSyntax.rewrite("SELECT 'INTERVAL ''1 day''' FROM t"))
        .isEqualTo("SELECT 'INTERVAL ''1 day''' FROM t");
    assertThat(InfixCasts.rewrite("SELECT ts - '2 hours'::interval"))
        .isEqualTo("SELECT ts - INTERVAL '2' HOUR(9)");
    assertThatThrownBy(() -> PostgresSyntax.rewrite("SELECT INTERVAL '1 mon 1 day' * 2"))
        .isInstanceOf(AuroraException.class);
  }
}
