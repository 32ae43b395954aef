package io.aurora.server.pgwire.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCopyStatementParser {
  @Test
  void otherStatementsAreNotCopy() {
    assertThat(CopyStatementParser.tryParse("SELECT 1")).isNull();
    assertThat(CopyStatementParser.tryParse("copyright")).isNull();
  }

  @Test
  void optionListWithDefaultsPerFormat() {
    CopyStatement statement =
        CopyStatementParser.tryParse(
            "copy \"Events\" (id, \"Price\") FROM stdin WITH (FORMAT csv, HEADER, NULL 'n/a');");
    assertThat(statement)
        .isEqualTo(
            new CopyStatement(
                "Events",
                List.of("id", "Price"),
                null,
                true,
                null,
                new CopyOptions(CopyOptions.Format.CSV, true, ',', "n/a", '"', '"')));
    assertThat(CopyStatementParser.tryParse("COPY public.t FROM STDIN").options())
        .isEqualTo(CopyOptions.TEXT);
  }

  @Test
  void legacyOptionsAsPsqlSendsThem() {
    CopyStatement statement =
        CopyStatementParser.tryParse(
            "COPY t FROM STDIN WITH CSV HEADER DELIMITER AS ';' NULL '' QUOTE '''' ESCAPE E'\\\\'");
    assertThat(statement.options())
        .isEqualTo(new CopyOptions(CopyOptions.Format.CSV, true, ';', "", '\'', '\\'));
  }

  @Test
  void queryAndServerFile() {
    CopyStatement out =
        CopyStatementParser.tryParse(
            "COPY (SELECT ')' AS p FROM t WHERE (a) > 1) TO STDOUT (FORMAT text, HEADER false)");
    assertThat(out.query()).isEqualTo("SELECT ')' AS p FROM t WHERE (a) > 1");
    assertThat(out.isFrom()).isFalse();
    assertThat(out.table()).isNull();
    CopyStatement file = CopyStatementParser.tryParse("COPY t FROM '/data/it''s.csv' CSV");
    assertThat(file.file()).isEqualTo("/data/it's.csv");
    assertThat(file.isFromStdin()).isFalse();
  }

  @Test
  void errorsCarryTheirCodeAndPosition() {
    assertError("COPY t FROM STDIN WITH (COLOR 'red')", ErrorCode.SYNTAX_ERROR, 25);
    assertError("COPY t FROM STDIN (DELIMITER ',,')", ErrorCode.SYNTAX_ERROR, 20);
    assertError("COPY t FROM STDIN (QUOTE '\"')", ErrorCode.FEATURE_NOT_SUPPORTED, 20);
    assertError("COPY t FROM STDIN BINARY", ErrorCode.FEATURE_NOT_SUPPORTED, 19);
    assertError("COPY t TO '/tmp/x'", ErrorCode.FEATURE_NOT_SUPPORTED, 11);
    assertError("COPY (SELECT 1) FROM STDIN", ErrorCode.SYNTAX_ERROR, 17);
    assertError("COPY t (a, a) FROM STDIN", ErrorCode.DUPLICATE_COLUMN, 12);
    assertError("COPY t FROM STDIN extra", ErrorCode.SYNTAX_ERROR, 19);
  }

  private static void assertError(String sql, ErrorCode code, int position) {
    assertThatThrownBy(() -> CopyStatementParser.tryParse(sql))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(code);
              assertThat(e.position()).isEqualTo(position);
            });
  }
}
