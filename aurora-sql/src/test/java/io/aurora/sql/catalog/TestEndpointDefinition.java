package io.aurora.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestEndpointDefinition {
  @Test
  void parametersBecomeNumberedPlaceholdersOutsideLiteralsAndComments() {
    EndpointDefinition endpoint =
        new EndpointDefinition(
            "e",
            "SELECT '{not:INT}', \"{col:INT}\" FROM t -- {comment:INT}\n"
                + "WHERE day = { Day : date } AND n < {n:DECIMAL(10, 2)} OR day = {day:DATE}");
    EndpointDefinition.Parsed parsed = endpoint.parse();
    assertThat(parsed.query())
        .isEqualTo(
            "SELECT '{not:INT}', \"{col:INT}\" FROM t -- {comment:INT}\n"
                + "WHERE day = $1 AND n < $2 OR day = $1");
    assertThat(parsed.parameters())
        .containsExactly(
            new EndpointDefinition.Parameter("day", DataType.DATE),
            new EndpointDefinition.Parameter("n", DataType.decimal(10, 2)));
  }

  @Test
  void refusesMalformedParameters() {
    for (String text :
        List.of(
            "SELECT * FROM t WHERE a = {a}",
            "SELECT * FROM t WHERE a = {a:INT",
            "SELECT * FROM t WHERE a = {:INT}",
            "SELECT * FROM t WHERE a = {a:NOPE}",
            "SELECT * FROM t WHERE a = {a:INT} OR a = {a:BIGINT}")) {
      assertThatThrownBy(() -> new EndpointDefinition("e", text).parse())
          .as(text)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR));
    }
  }

  @Test
  void createAndDropFollowTheCatalogsRules() {
    EndpointDefinition first = new EndpointDefinition("e", "SELECT 1");
    EndpointDefinition second = new EndpointDefinition("e", "SELECT 2");
    var endpoints = EndpointDefinition.create(java.util.Map.of(), first, false);
    assertThatThrownBy(() -> EndpointDefinition.create(endpoints, second, false))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DUPLICATE_OBJECT));
    assertThat(EndpointDefinition.create(endpoints, second, true)).containsEntry("e", second);
    assertThat(EndpointDefinition.drop(endpoints, "e", false)).isEmpty();
    assertThat(EndpointDefinition.drop(java.util.Map.of(), "e", true)).isEmpty();
    assertThatThrownBy(() -> EndpointDefinition.drop(java.util.Map.of(), "e", false))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_OBJECT));
  }
}
