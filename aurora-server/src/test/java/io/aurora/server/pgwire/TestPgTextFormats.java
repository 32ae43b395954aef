package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value formats, statement splitting and parameter binding, without a server. */
class TestPgTextFormats {
  @Test
  void doublesUsePostgresShortestLayout() {
    assertThat(PgTypes.formatDouble(0.1)).isEqualTo("0.1");
    assertThat(PgTypes.formatDouble(1.0)).isEqualTo("1");
    assertThat(PgTypes.formatDouble(-2.5)).isEqualTo("-2.5");
    assertThat(PgTypes.formatDouble(1e15)).isEqualTo("1e+15");
    assertThat(PgTypes.formatDouble(123456789012345.0)).isEqualTo("123456789012345");
    assertThat(PgTypes.formatDouble(0.0001)).isEqualTo("0.0001");
    assertThat(PgTypes.formatDouble(0.00001)).isEqualTo("1e-05");
    assertThat(PgTypes.formatDouble(1.5e300)).isEqualTo("1.5e+300");
    assertThat(PgTypes.formatDouble(Double.NaN)).isEqualTo("NaN");
    assertThat(PgTypes.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(PgTypes.formatDouble(-0.0)).isEqualTo("-0");
  }

  @Test
  void timestampsAndDates() {
    assertThat(PgTypes.formatTimestamp(0)).isEqualTo("1970-01-01 00:00:00");
    assertThat(PgTypes.formatTimestamp(1_500_000)).isEqualTo("1970-01-01 00:00:01.5");
    assertThat(PgTypes.formatTimestamp(-1)).isEqualTo("1969-12-31 23:59:59.999999");
    assertThat(PgTypes.formatDate(-1)).isEqualTo("1969-12-31");
  }

  @Test
  void binaryNumericRoundTrips() {
    for (String value : List.of("0", "1.50", "-0.001", "12345678.9012", "10000", "-99999999")) {
      ByteBuf buffer = Unpooled.buffer();
      PgTypes.writeNumeric(new BigDecimal(value), buffer);
      assertThat(PgTypes.readNumeric(buffer)).isEqualTo(new BigDecimal(value));
    }
  }

  @Test
  void splitterIgnoresSemicolonsInQuotesAndComments() {
    assertThat(
            StatementSplitter.split(
                "SELECT 'a;b'; SELECT \"x;y\" FROM t -- c;\n; /* ; /* ; */ */ SELECT $$;$$;;"))
        .containsExactly(
            "SELECT 'a;b'", "SELECT \"x;y\" FROM t -- c;", "/* ; /* ; */ */ SELECT $$;$$");
    assertThat(StatementSplitter.split(" ; -- only a comment")).isEmpty();
  }

  @Test
  void parametersBecomeTypedLiterals() {
    List<String> literals =
        List.of(
            ParameterBinder.literal(PgTypes.INT4, BackendMessages.TEXT, bytes("-5")),
            ParameterBinder.literal(PgTypes.VARCHAR, BackendMessages.TEXT, bytes("it's $1")),
            ParameterBinder.literal(PgTypes.INT8, BackendMessages.TEXT, null));
    assertThat(ParameterBinder.substitute("SELECT a-$1, '$2', $2, $3 -- $1", literals))
        .isEqualTo(
            "SELECT a- CAST(-5 AS INTEGER) , '$2',  'it''s $1' ,  CAST(NULL AS BIGINT)  -- $1");
    assertThat(ParameterBinder.parameterCount("SELECT $2, '$3' /* $4 */")).isEqualTo(2);
    assertThatThrownBy(
            () -> ParameterBinder.literal(PgTypes.INT4, BackendMessages.TEXT, bytes("1 OR 1=1")))
        .isInstanceOfSatisfying(
            AuroraException.class, e -> assertThat(e.errorCode().sqlState()).isEqualTo("22P02"));
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
