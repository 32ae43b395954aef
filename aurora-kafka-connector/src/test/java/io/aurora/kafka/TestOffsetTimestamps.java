package io.aurora.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamps with offsets read by the fast path exactly as {@code OffsetDateTime} reads them. */
class TestOffsetTimestamps {
  @Test
  void randomTimestampsWithOffsetsMatchJavaTime() {
    Random random = new Random(20_261_207L);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              Locale.ROOT,
              "%04d-%02d-%02d%c%02d:%02d:%02d",
              1900 + random.nextInt(250),
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextBoolean() ? 'T' : ' ',
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60)));
      int fraction = random.nextInt(7);
      if (fraction > 0) {
        text.append('.');
        for (int d = 0; d < fraction; d++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
      int hours = random.nextInt(15);
      int minutes = random.nextBoolean() ? 0 : 15 * random.nextInt(4);
      char sign = random.nextBoolean() ? '+' : '-';
      switch (random.nextInt(4)) {
        case 0 -> text.append('Z');
        case 1 -> text.append(String.format(Locale.ROOT, "%c%02d:%02d", sign, hours, minutes));
        case 2 -> text.append(String.format(Locale.ROOT, "%c%02d%02d", sign, hours, minutes));
        default -> text.append(String.format(Locale.ROOT, "%c%02d", sign, hours));
      }
      String value = text.toString();
      OffsetDateTime expected = OffsetDateTime.parse(normalize(value.replace(' ', 'T')));
      long micros = expected.toEpochSecond() * 1_000_000L + expected.getNano() / 1000;
      assertThat(RowAssembler.offsetTimestamp(value)).as(value).isEqualTo(micros);
      assertThat(RowAssembler.parseTimestamp(value)).as(value).isEqualTo(micros);
    }
  }

  /** java.time wants {@code ±HH:MM}; the fast path also takes {@code ±HHMM} and {@code ±HH}. */
  private static String normalize(String text) {
    int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
    if (text.endsWith("Z") || sign < 19) {
      return text;
    }
    String digits = text.substring(sign + 1);
    if (digits.length() == 2) {
      return text + ":00";
    }
    if (digits.length() == 4) {
      return text.substring(0, sign + 3) + ":" + digits.substring(2);
    }
    return text;
  }

  /** More than six fractional digits round to microseconds, as PostgreSQL rounds them. */
  @Test
  void fractionsBeyondMicrosecondsRoundAsPostgresql() {
    assertThat(RowAssembler.parseTimestamp("2026-12-01T10:00:00.1234567Z"))
        .isEqualTo(1_796_119_200_123_457L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-01T10:00:00+-1",
        "2026-12-01T10:00:00+1:00",
        "2026-12-01T10:00:00+99:00",
        "2026-12-01T25:00:00Z",
        "2026-13-01T10:00:00Z",
      })
  void otherFormsGoToJavaTimeAndBadOnesFailAsBefore(String text) {
    assertThat(RowAssembler.offsetTimestamp(text)).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> RowAssembler.parseTimestamp(text))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("invalid input syntax for type timestamp");
  }
}
