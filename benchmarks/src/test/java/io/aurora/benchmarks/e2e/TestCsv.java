package io.aurora.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TestCsv {
  /** Any text survives writing and splitting, quotes, commas and empty strings included. */
  @Property
  void textRoundTrips(
      @ForAll @Size(min = 1, max = 6)
          List<
                  @StringLength(max = 12) @Chars({',', '"', ' ', 'a', 'z', 'ü'})
                  @CharRange(from = '0', to = '9') String>
              texts) {
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      types.add(DataType.VARCHAR);
    }
    StringBuilder line = new StringBuilder();
    Csv.appendRow(line, new ArrayList<>(texts), types);
    assertThat(line.charAt(line.length() - 1)).isEqualTo('\n');
    String[] fields = Csv.split(line.substring(0, line.length() - 1), texts.size());
    assertThat(fields).containsExactlyElementsOf(texts);
  }

  @Test
  void typedValuesRoundTripAsTheWriterTakesThem() {
    List<DataType> types =
        List.of(
            DataType.INTEGER,
            DataType.BIGINT,
            DataType.decimal(12, 2),
            DataType.DATE,
            DataType.TIMESTAMP,
            DataType.VARCHAR,
            DataType.INTEGER);
    long micros =
        LocalDateTime.of(2013, 7, 15, 20, 1, 2).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L
            + 5;
    List<Object> row =
        Arrays.asList(
            -7,
            9_000_000_000L,
            new BigDecimal("-12.50"),
            (int) LocalDate.of(1998, 12, 1).toEpochDay(),
            micros,
            "",
            null);
    StringBuilder line = new StringBuilder();
    Csv.appendRow(line, row, types);
    assertThat(line.toString())
        .isEqualTo("-7,9000000000,-12.50,1998-12-01,2013-07-15 20:01:02.000005,\"\",\n");
    String[] fields = Csv.split(line.substring(0, line.length() - 1), types.size());
    assertThat(Csv.parse(fields[0], types.get(0))).isEqualTo(-7L);
    assertThat(Csv.parse(fields[1], types.get(1))).isEqualTo(9_000_000_000L);
    assertThat(Csv.parse(fields[2], types.get(2))).isEqualTo(new BigDecimal("-12.50"));
    assertThat(Csv.parse(fields[3], types.get(3))).isEqualTo(LocalDate.of(1998, 12, 1));
    assertThat(Csv.parse(fields[4], types.get(4)))
        .isEqualTo(LocalDateTime.of(2013, 7, 15, 20, 1, 2, 5_000));
    assertThat(Csv.parse(fields[5], types.get(5))).isEqualTo("");
    assertThat(Csv.parse(fields[6], types.get(6))).isNull();
  }
}
