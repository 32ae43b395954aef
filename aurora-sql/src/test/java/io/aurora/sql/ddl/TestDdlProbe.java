package io.aurora.sql.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.TableOptions;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.PartitionGranularity;
import java.util.List;
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
  void pipelineStatementsParseAsWritten() {
    DdlStatement.CreatePipeline create =
        (DdlStatement.CreatePipeline)
            DdlParser.tryParse(
                "CREATE PIPELINE clicks_in FROM KAFKA 'host:9092' TOPIC 'clicks' INTO clicks"
                    + " FORMAT JSON;");
    assertThat(create.pipeline().name()).isEqualTo("clicks_in");
    assertThat(create.pipeline().brokers()).isEqualTo("host:9092");
    assertThat(create.pipeline().topic()).isEqualTo("clicks");
    assertThat(create.pipeline().table()).isEqualTo("clicks");
    assertThat(create.pipeline().format()).isEqualTo("JSON");
    assertThat(create.pipeline().options()).isEmpty();
    assertThat(create.pipeline().isRunning()).isTrue();
    assertThat(create.ifNotExists()).isFalse();

    DdlStatement.CreatePipeline withOptions =
        (DdlStatement.CreatePipeline)
            DdlParser.tryParse(
                "create pipeline if not exists p from kafka 'a:1,b:2' topic 'T' into t format csv"
                    + " with (start = 'latest', batch_max_records = 500, max_error_ratio = 0.25,"
                    + " kafka.security.protocol = 'SASL_SSL', \"kafka.sasl.mechanism\" = PLAIN)");
    assertThat(withOptions.ifNotExists()).isTrue();
    assertThat(withOptions.pipeline().format()).isEqualTo("CSV");
    assertThat(withOptions.pipeline().options())
        .containsEntry("start", "latest")
        .containsEntry("batch_max_records", "500")
        .containsEntry("max_error_ratio", "0.25")
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "PLAIN");

    DdlStatement.CreatePipeline mapped =
        (DdlStatement.CreatePipeline)
            DdlParser.tryParse(
                "CREATE PIPELINE m FROM KAFKA 'h:1' TOPIC 't' INTO t (ts = to_timestamp(a, 'x'),"
                    + " \"Id\" = user.id + 1, note = coalesce(b, ',')) WHERE type <> 'heartbeat'"
                    + " AND (x > 1) FORMAT JSON WITH (start = 'latest')");
    assertThat(mapped.pipeline().mappings())
        .containsExactly(
            java.util.Map.entry("ts", "to_timestamp(a, 'x')"),
            java.util.Map.entry("Id", "user.id + 1"),
            java.util.Map.entry("note", "coalesce(b, ',')"));
    assertThat(mapped.pipeline().filter()).isEqualTo("type <> 'heartbeat' AND (x > 1)");
    assertThat(mapped.pipeline().options()).containsEntry("start", "latest");
    FieldReferences references = FieldReferences.of("coalesce(user.id, \"Other\".x, y) + 'a.b'");
    assertThat(references.expression()).isEqualTo("coalesce(\"user.id\", \"Other\".x, y) + 'a.b'");
    assertThat(references.fields()).containsExactly("user.id", "Other", "y");

    assertThat(DdlParser.tryParse("STOP PIPELINE clicks_in"))
        .isEqualTo(new DdlStatement.SetPipelineRunning("clicks_in", false));
    assertThat(DdlParser.tryParse("START PIPELINE clicks_in;"))
        .isEqualTo(new DdlStatement.SetPipelineRunning("clicks_in", true));
    assertThat(DdlParser.tryParse("DROP PIPELINE IF EXISTS clicks_in"))
        .isEqualTo(new DdlStatement.DropPipeline("clicks_in", true));
    assertThat(DdlParser.tryParse("START TRANSACTION")).isNull();
    assertThatThrownBy(
            () ->
                DdlParser.tryParse("CREATE PIPELINE p FROM KAFKA 'h' TOPIC 't' INTO t FORMAT XML"))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("Expected JSON, CSV or AVRO")
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThatThrownBy(
            () ->
                DdlParser.tryParse(
                    "CREATE PIPELINE p FROM KAFKA 'h' TOPIC 't' INTO t FORMAT JSON"
                        + " WITH (start = 'earliest', start = 'latest')"))
        .hasMessageContaining("Option start is given twice");
  }

  @Test
  void unterminatedStringLiteralIsASyntaxError() {
    assertThatThrownBy(() -> DdlParser.tryParse("SELECT 'open"))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("Unterminated string literal");
  }

  @Test
  void retentionIsATableOptionAndCanBeChanged() {
    DdlStatement.CreateTable create =
        parseCreate(
            "CREATE TABLE t (ts TIMESTAMP NOT NULL) PARTITION BY DAY (ts)"
                + " WITH (retention = '30 days', shards = 2)");
    assertThat(create.options().retentionMicros()).isEqualTo(30 * 86_400_000_000L);
    assertThat(DdlParser.tryParse("ALTER TABLE t SET (retention = '12 hours')"))
        .isEqualTo(new DdlStatement.SetRetention("t", 12 * 3_600_000_000L));
    assertThat(DdlParser.tryParse("ALTER TABLE t RESET (retention)"))
        .isEqualTo(new DdlStatement.SetRetention("t", 0));
    for (String bad :
        List.of(
            "CREATE TABLE t (ts TIMESTAMP) WITH (retention = '30 days')",
            "CREATE TABLE t (ts TIMESTAMP NOT NULL) PARTITION BY DAY (ts)"
                + " WITH (retention = '1 month')",
            "CREATE TABLE t (ts TIMESTAMP NOT NULL) PARTITION BY DAY (ts)"
                + " WITH (retention = '-2 days')",
            "ALTER TABLE t SET (shards = 3)")) {
      assertThatThrownBy(() -> DdlParser.tryParse(bad)).as(bad).isInstanceOf(AuroraException.class);
    }
  }

  @Test
  void truncateTakesPostgresqlsForms() {
    assertThat(DdlParser.tryParse("TRUNCATE events"))
        .isEqualTo(new DdlStatement.Truncate(List.of("events")));
    assertThat(DdlParser.tryParse("TRUNCATE TABLE ONLY a, \"B\" RESTART IDENTITY CASCADE;"))
        .isEqualTo(new DdlStatement.Truncate(List.of("a", "B")));
  }

  @Test
  void createTableWithoutClusterClausesHasTheDefaultOptions() {
    DdlStatement.CreateTable create = parseCreate("CREATE TABLE t (a BIGINT) WITH (shards = 3)");
    assertThat(create.options()).isEqualTo(TableOptions.DEFAULT);
    assertThat(create.schema().shardCount()).isEqualTo(3);
  }

  @Test
  void tableOptionsAndClausesComeInAnyOrder() {
    String columns = "CREATE TABLE t (ts TIMESTAMP NOT NULL, \"Region\" VARCHAR, id BIGINT)";
    List<String> orders =
        List.of(
            " PARTITION BY DAY (ts) SORT BY (id) DISTRIBUTED BY (\"Region\", id)"
                + " WITH (shards = 4, replication_factor = 3)",
            " WITH (replication_factor = 3, shards = 4) DISTRIBUTED BY (\"Region\", id)"
                + " SORT BY (id) PARTITION BY DAY (ts);",
            " DISTRIBUTED BY (\"Region\", id) PARTITION BY DAY (ts) WITH (REPLICATION_FACTOR = 3)"
                + " SORT BY (id) WITH (shards = 4)");
    for (String clauses : orders) {
      DdlStatement.CreateTable create = parseCreate(columns + clauses);
      assertThat(create.options()).isEqualTo(new TableOptions(3, List.of("Region", "id")));
      assertThat(create.schema().shardCount()).isEqualTo(4);
      assertThat(create.schema().sortKey()).containsExactly("id");
      assertThat(create.schema().granularity()).isEqualTo(PartitionGranularity.DAY);
    }
  }

  @Test
  void replicationFactorAloneLeavesTheShardCountToTheCatalog() {
    DdlStatement.CreateTable create =
        parseCreate("CREATE TABLE IF NOT EXISTS t (a BIGINT) WITH (replication_factor = 7)");
    assertThat(create.ifNotExists()).isTrue();
    assertThat(create.options()).isEqualTo(new TableOptions(7, List.of(), 0, true));
    assertThat(create.options().isDefaultShardCount())
        .as("the catalog chooses the shard count")
        .isTrue();
    assertThat(create.schema().shardCount()).isEqualTo(1);
  }

  @Test
  void unknownTableOptionListsTheOptions() {
    String sql = "CREATE TABLE t (a BIGINT) WITH (shards = 2, replicas = 3)";
    AuroraException error = parseError(sql);
    assertThat(error.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(error.getMessage())
        .isEqualTo(
            "Unknown table option[replicas]; the options are: replication_factor, retention, shards"
                + " at or near \"replicas\"");
    assertThat(error.position()).isEqualTo(sql.indexOf("replicas") + 1);
  }

  @Test
  void replicationFactorOutsideOneToSevenIsAnInvalidParameterValue() {
    for (String value : List.of("0", "8", "100")) {
      String sql =
          "CREATE TABLE t (a BIGINT) WITH (shards = 2, replication_factor = " + value + ")";
      AuroraException error = parseError(sql);
      assertThat(error.errorCode().sqlState()).isEqualTo("22023");
      assertThat(error.getMessage())
          .isEqualTo("Table option replication_factor[" + value + "] must be between 1 and 7");
      assertThat(error.position()).isEqualTo(sql.lastIndexOf(value) + 1);
    }
    AuroraException negative =
        parseError("CREATE TABLE t (a BIGINT) WITH (replication_factor = -1)");
    assertThat(negative.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
  }

  @Test
  void tableOptionGivenTwiceIsAnInvalidParameterValue() {
    String sql = "CREATE TABLE t (a BIGINT) WITH (replication_factor = 3, replication_factor = 1)";
    AuroraException error = parseError(sql);
    assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(error.getMessage())
        .isEqualTo("Table option[replication_factor] is given more than once");
    assertThat(error.position()).isEqualTo(sql.lastIndexOf("replication_factor") + 1);
    assertThat(
            parseError("CREATE TABLE t (a BIGINT) WITH (shards = 2) WITH (shards = 3)")
                .getMessage())
        .isEqualTo("Table option[shards] is given more than once");
  }

  @Test
  void distributionColumnsMustBeColumnsOfTheTable() {
    String sql = "CREATE TABLE t (a BIGINT, b VARCHAR) DISTRIBUTED BY (a, c) WITH (shards = 2)";
    AuroraException unknown = parseError(sql);
    assertThat(unknown.errorCode().sqlState()).isEqualTo("42703");
    assertThat(unknown.getMessage())
        .isEqualTo("Distribution column[c] is not a column of the table");
    assertThat(unknown.position()).isEqualTo(sql.indexOf("c)") + 1);

    AuroraException quoted = parseError("CREATE TABLE t (a BIGINT) DISTRIBUTED BY (\"A\")");
    assertThat(quoted.errorCode()).isEqualTo(ErrorCode.UNDEFINED_COLUMN);
    assertThat(quoted.getMessage()).contains("column[A]");

    AuroraException twice = parseError("CREATE TABLE t (a BIGINT) DISTRIBUTED BY (a, A)");
    assertThat(twice.errorCode()).isEqualTo(ErrorCode.DUPLICATE_COLUMN);
    assertThat(twice.getMessage()).isEqualTo("Distribution column[a] is listed more than once");

    assertThat(parseError("CREATE TABLE t (a BIGINT) DISTRIBUTED BY ()").errorCode())
        .isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(parseError("CREATE TABLE t (a BIGINT) DISTRIBUTED (a)").getMessage())
        .startsWith("Expected BY");
  }

  @Test
  void unknownTableClauseNamesTheClauses() {
    String sql = "CREATE TABLE t (a BIGINT) CLUSTER BY (a)";
    AuroraException error = parseError(sql);
    assertThat(error.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(error.getMessage())
        .startsWith("Expected PARTITION BY, SORT BY, DISTRIBUTED BY or WITH");
    assertThat(error.position()).isEqualTo(sql.indexOf("CLUSTER") + 1);
  }

  private static DdlStatement.CreateTable parseCreate(String sql) {
    return (DdlStatement.CreateTable) DdlParser.tryParse(sql);
  }

  private static AuroraException parseError(String sql) {
    try {
      DdlParser.tryParse(sql);
    } catch (AuroraException e) {
      return e;
    }
    throw new AssertionError("no error for: " + sql);
  }
}
