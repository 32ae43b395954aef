package io.aurora.sql.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import org.junit.jupiter.api.Test;

class TestDdlProbe {
  @Test
  void quotesInsideStringLiteralsAreNotIdentifiers() {
    assertThat(DdlParser.tryParse("SELECT trim(both '\"' from name) AS \"n\" FROM t")).isNull();
    assertThat(DdlParser.tryParse("SELECT 'it''s \"quoted\"'")).isNull();
    assertThat(DdlParser.tryParse("CREATE TABLE \"t\" (a BIGINT)"))
        .isInstanceOf(DdlStatement.CreateTable.class);
  }

  @Test
  void unterminatedStringLiteralIsASyntaxError() {
    assertThatThrownBy(() -> DdlParser.tryParse("SELECT 'open"))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("Unterminated string literal");
  }
}
