package io.aurora.sql.ddl;

import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.planner.IntervalLiterals;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Parses Aurora's data definition statements, which carry clauses Calcite's grammars do not know
 * (time partitioning, sort keys, shard counts, replication and distribution):
 *
 * <pre>
 * CREATE TABLE [IF NOT EXISTS] name (
 *     column type [NOT NULL | NULL | PRIMARY KEY | UNIQUE] [, ...] [, PRIMARY KEY (column, ...)]
 * ) [PARTITION BY {HOUR | DAY | MONTH} (time_column)]
 *   [SORT BY (column [, ...])]
 *   [DISTRIBUTED BY (column [, ...])]
 *   [WITH (option = value [, ...])]     option: shards (at least 1; default one per node) | replication_factor (1 to 7)
 *                                       | retention ('30 days': partitions older are deleted)
 * DROP TABLE [IF EXISTS] name
 * CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC | DESC], ...)   (checked, no-op)
 * DROP INDEX [IF EXISTS] name                                                      (no-op)
 * ALTER TABLE name ADD [COLUMN] column type [NULL]
 * ALTER TABLE name SET (retention = 'interval') | ALTER TABLE name RESET (retention)
 * SHOW TABLES
 * DESCRIBE name | SHOW COLUMNS FROM name
 * CREATE [OR REPLACE] VIEW name [(column, ...)] AS query
 * DROP VIEW [IF EXISTS] name
 * CREATE [OR REPLACE] ENDPOINT name AS query-with-{parameter:TYPE}
 * DROP ENDPOINT [IF EXISTS] name
 * CREATE PIPELINE [IF NOT EXISTS] name FROM KAFKA 'brokers' TOPIC 'topic'
 *     INTO table [(column = expression [, ...])] [WHERE condition]
 *     FORMAT {JSON | CSV | AVRO} [WITH (option = value [, ...])]
 * START PIPELINE name | STOP PIPELINE name | DROP PIPELINE [IF EXISTS] name
 * CREATE | ALTER | DROP {ROLE | USER}, GRANT, REVOKE, ALTER TABLE name OWNER TO role (see {@link
 *     AccessParser})
 * </pre>
 *
 * PRIMARY KEY and UNIQUE are accepted for compatibility: a key column becomes NOT NULL, and neither
 * is enforced (Aurora is an analytics store; duplicates are the writer's choice, as in Druid, Pinot
 * and ClickHouse). The table clauses may come in any order; each option at most once. {@code
 * DISTRIBUTED BY} and {@code replication_factor} become the statement's {@link TableOptions}, which
 * the catalog applies (a catalog that is not replicated accepts a replication factor of 1 only and
 * ignores the distribution columns). Identifiers follow PostgreSQL: unquoted ones fold to lower
 * case, double-quoted ones keep their case. Types accept PostgreSQL's names and aliases. Syntax
 * errors carry SQLSTATE 42601, an unknown column 42703 and an option value out of range 22023, each
 * with the position of the offending token.
 */
public final class DdlParser {
  private static final String SHARDS = "shards";
  private static final String REPLICATION_FACTOR = "replication_factor";
  private static final String RETENTION = "retention";
  private static final List<String> TABLE_OPTIONS = List.of(REPLICATION_FACTOR, RETENTION, SHARDS);

  /**
   * Raft needs a majority of a shard's replicas for every write: more than 7 replicas add write
   * latency and network traffic while 7 already survive the loss of 3 nodes.
   */
  private static final int MAX_REPLICATION_FACTOR = 7;

  private final DdlTokenizer tokens;

  private DdlParser(String sql) {
    this.tokens = new DdlTokenizer(sql);
  }

  /** The statement, or null when {@code sql} is not one of the statements this parser handles. */
  public static @Nullable DdlStatement tryParse(String sql) {
    DdlTokenizer probe = new DdlTokenizer(sql);
    String first = probe.peekKeyword();
    if (first == null) {
      return null;
    }
    String second = probe.peekKeyword(1);
    boolean isDdl =
        switch (first) {
          case "CREATE" ->
              "TABLE".equals(second)
                  || "ROLE".equals(second)
                  || "USER".equals(second)
                  || "TOKEN".equals(second)
                  || "POLICY".equals(second)
                  || "VIEW".equals(second)
                  || "OR".equals(second) && "VIEW".equals(probe.peekKeyword(3))
                  || "ENDPOINT".equals(second)
                  || "OR".equals(second) && "ENDPOINT".equals(probe.peekKeyword(3))
                  || "PIPELINE".equals(second)
                  || "INDEX".equals(second)
                  || "UNIQUE".equals(second) && "INDEX".equals(probe.peekKeyword(2));
          case "DROP" ->
              "TABLE".equals(second)
                  || "ROLE".equals(second)
                  || "USER".equals(second)
                  || "TOKEN".equals(second)
                  || "POLICY".equals(second)
                  || "VIEW".equals(second)
                  || "ENDPOINT".equals(second)
                  || "INDEX".equals(second)
                  || "PIPELINE".equals(second);
          case "START", "STOP" -> "PIPELINE".equals(second);
          case "ALTER" ->
              "TABLE".equals(second)
                  || "ROLE".equals(second)
                  || "USER".equals(second)
                  || "DEFAULT".equals(second);
          case "GRANT", "REVOKE" -> true;
          case "SHOW" -> "TABLES".equals(second) || "COLUMNS".equals(second);
          case "DESCRIBE", "DESC" -> true;
          case "CHECKPOINT" -> second == null;
          case "TRUNCATE" -> true;
          default -> false;
        };
    return isDdl ? new DdlParser(sql).parse() : null;
  }

  private DdlStatement parse() {
    String keyword = tokens.nextKeyword();
    DdlStatement statement =
        switch (keyword) {
          case "CREATE" ->
              switch (tokens.peekKeyword()) {
                case "TABLE" -> parseCreateTable();
                case "VIEW" -> parseCreateView();
                case "OR" ->
                    "ENDPOINT".equals(tokens.peekKeyword(2))
                        ? parseCreateEndpoint()
                        : parseCreateView();
                case "ENDPOINT" -> parseCreateEndpoint();
                case "PIPELINE" -> parseCreatePipeline();
                case "ROLE", "USER" -> new AccessParser(tokens).parseCreateRole();
                case "TOKEN" -> new AccessParser(tokens).parseCreateToken();
                case "POLICY" -> new AccessParser(tokens).parseCreatePolicy();
                default -> parseCreateIndex();
              };
          case "DROP" ->
              switch (tokens.peekKeyword()) {
                case "TABLE" -> parseDropTable();
                case "VIEW" -> parseDropView();
                case "ENDPOINT" -> parseDropEndpoint();
                case "PIPELINE" -> parseDropPipeline();
                case "ROLE", "USER" -> new AccessParser(tokens).parseDropRoles();
                case "TOKEN" -> new AccessParser(tokens).parseDropToken();
                case "POLICY" -> new AccessParser(tokens).parseDropPolicy();
                default -> parseDropIndex();
              };
          case "START", "STOP" -> {
            tokens.expectKeyword("PIPELINE");
            yield new DdlStatement.SetPipelineRunning(
                tokens.nextIdentifier(), keyword.equals("START"));
          }
          case "ALTER" ->
              switch (String.valueOf(tokens.peekKeyword())) {
                case "TABLE" -> parseAddColumn();
                case "DEFAULT" -> new AccessParser(tokens).parseDefaultPrivileges();
                default -> new AccessParser(tokens).parseAlterRole();
              };
          case "GRANT", "REVOKE" -> new AccessParser(tokens).parseGrant(keyword.equals("GRANT"));
          case "SHOW" -> parseShow();
          case "CHECKPOINT" -> new DdlStatement.Checkpoint();
          case "TRUNCATE" -> parseTruncate();
          default -> new DdlStatement.DescribeTable(tokens.nextIdentifier());
        };
    tokens.acceptSymbol(";");
    tokens.expectEnd();
    return statement;
  }

  private DdlStatement parseCreateView() {
    boolean orReplace = false;
    if (tokens.acceptKeyword("OR")) {
      tokens.expectKeyword("REPLACE");
      orReplace = true;
    }
    tokens.expectKeyword("VIEW");
    String name = tokens.nextIdentifier();
    List<String> columnNames = new ArrayList<>();
    if (tokens.acceptSymbol("(")) {
      do {
        columnNames.add(tokens.nextIdentifier());
      } while (tokens.acceptSymbol(","));
      tokens.expectSymbol(")");
    }
    tokens.expectKeyword("AS");
    String query = tokens.remainingText();
    if (query.isEmpty()) {
      throw tokens.error("Expected the view's query", tokens.position());
    }
    return new DdlStatement.CreateView(name, columnNames, query, orReplace);
  }

  private DdlStatement parseDropView() {
    tokens.expectKeyword("VIEW");
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    return new DdlStatement.DropView(tokens.nextIdentifier(), ifExists);
  }

  private DdlStatement parseCreateEndpoint() {
    boolean orReplace = false;
    if (tokens.acceptKeyword("OR")) {
      tokens.expectKeyword("REPLACE");
      orReplace = true;
    }
    tokens.expectKeyword("ENDPOINT");
    String name = tokens.nextIdentifier();
    tokens.expectKeyword("AS");
    int position = tokens.position();
    String query = tokens.remainingText();
    if (query.isEmpty()) {
      throw tokens.error("Expected the endpoint's query", position);
    }
    return new DdlStatement.CreateEndpoint(name, query, orReplace);
  }

  private DdlStatement parseDropEndpoint() {
    tokens.expectKeyword("ENDPOINT");
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    return new DdlStatement.DropEndpoint(tokens.nextIdentifier(), ifExists);
  }

  private DdlStatement parseCreatePipeline() {
    tokens.expectKeyword("PIPELINE");
    boolean ifNotExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("NOT");
      tokens.expectKeyword("EXISTS");
      ifNotExists = true;
    }
    String name = tokens.nextIdentifier();
    tokens.expectKeyword("FROM");
    tokens.expectKeyword("KAFKA");
    String brokers = tokens.nextString();
    tokens.expectKeyword("TOPIC");
    String topic = tokens.nextString();
    tokens.expectKeyword("INTO");
    String table = tokens.nextIdentifier();
    Map<String, String> mappings = new java.util.LinkedHashMap<>();
    if (tokens.acceptSymbol("(")) {
      do {
        int position = tokens.position();
        String column = tokens.nextIdentifier();
        tokens.expectSymbol("=");
        if (mappings.put(column, tokens.nextExpressionText(null)) != null) {
          throw tokens.error("Column " + column + " is mapped twice", position);
        }
      } while (tokens.acceptSymbol(","));
      tokens.expectSymbol(")");
    }
    String filter = null;
    if (tokens.acceptKeyword("WHERE")) {
      filter = tokens.nextExpressionText("FORMAT");
    }
    tokens.expectKeyword("FORMAT");
    int formatPosition = tokens.position();
    String format = tokens.nextKeyword();
    if (!List.of("JSON", "CSV", "AVRO").contains(format)) {
      throw tokens.error("Expected JSON, CSV or AVRO", formatPosition);
    }
    Map<String, String> options = new TreeMap<>();
    if (tokens.acceptKeyword("WITH")) {
      tokens.expectSymbol("(");
      do {
        int position = tokens.position();
        String key =
            tokens.peekIdentifier() != null ? tokens.nextIdentifier() : tokens.nextString();
        // kafka.security.protocol may be written unquoted: words joined by dots.
        while (tokens.acceptSymbol(".")) {
          key = key + "." + tokens.nextIdentifier();
        }
        tokens.expectSymbol("=");
        if (options.put(key, tokens.nextValue()) != null) {
          throw tokens.error("Option " + key + " is given twice", position);
        }
      } while (tokens.acceptSymbol(","));
      tokens.expectSymbol(")");
    }
    return new DdlStatement.CreatePipeline(
        new PipelineDefinition(
            0, name, brokers, topic, table, format, options, mappings, filter, true, null),
        ifNotExists);
  }

  private DdlStatement parseDropPipeline() {
    tokens.expectKeyword("PIPELINE");
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    return new DdlStatement.DropPipeline(tokens.nextIdentifier(), ifExists);
  }

  private DdlStatement parseShow() {
    if (tokens.acceptKeyword("TABLES")) {
      return new DdlStatement.ShowTables();
    }
    tokens.expectKeyword("COLUMNS");
    if (!tokens.acceptKeyword("FROM")) {
      tokens.expectKeyword("IN");
    }
    return new DdlStatement.DescribeTable(tokens.nextIdentifier());
  }

  private DdlStatement parseCreateIndex() {
    tokens.acceptKeyword("UNIQUE");
    tokens.expectKeyword("INDEX");
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("NOT");
      tokens.expectKeyword("EXISTS");
    }
    tokens.nextIdentifier();
    tokens.expectKeyword("ON");
    String table = tokens.nextIdentifier();
    tokens.expectSymbol("(");
    List<String> columns = new ArrayList<>();
    do {
      columns.add(tokens.nextIdentifier());
      if (!tokens.acceptKeyword("ASC")) {
        tokens.acceptKeyword("DESC");
      }
    } while (tokens.acceptSymbol(","));
    tokens.expectSymbol(")");
    return new DdlStatement.CreateIndex(table, columns);
  }

  private DdlStatement parseDropIndex() {
    tokens.expectKeyword("INDEX");
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
    }
    return new DdlStatement.DropIndex(tokens.nextIdentifier());
  }

  private DdlStatement parseDropTable() {
    tokens.expectKeyword("TABLE");
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    return new DdlStatement.DropTable(tokens.nextIdentifier(), ifExists);
  }

  /**
   * {@code TRUNCATE [TABLE] [ONLY] name [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE |
   * RESTRICT]}, as PostgreSQL writes it; Aurora has no sequences or foreign keys, so the options
   * change nothing.
   */
  private DdlStatement parseTruncate() {
    tokens.acceptKeyword("TABLE");
    List<String> names = new ArrayList<>();
    do {
      tokens.acceptKeyword("ONLY");
      names.add(tokens.nextIdentifier());
      tokens.acceptSymbol("*");
    } while (tokens.acceptSymbol(","));
    if (tokens.acceptKeyword("RESTART") || tokens.acceptKeyword("CONTINUE")) {
      tokens.expectKeyword("IDENTITY");
    }
    if (!tokens.acceptKeyword("CASCADE")) {
      tokens.acceptKeyword("RESTRICT");
    }
    return new DdlStatement.Truncate(names);
  }

  private DdlStatement parseAddColumn() {
    tokens.expectKeyword("TABLE");
    String table = tokens.nextIdentifier();
    if (tokens.acceptKeyword("SET")) {
      return parseSetRetention(table, false);
    }
    if (tokens.acceptKeyword("RESET")) {
      return parseSetRetention(table, true);
    }
    if (tokens.acceptKeyword("OWNER")) {
      return new AccessParser(tokens).parseOwnerTo(table);
    }
    String verb = tokens.peekKeyword();
    if ("ENABLE".equals(verb)
        || "DISABLE".equals(verb)
        || "FORCE".equals(verb)
        || "NO".equals(verb)) {
      tokens.nextKeyword();
      if (verb.equals("NO")) {
        tokens.expectKeyword("FORCE");
      }
      return new AccessParser(tokens).parseRowSecurity(table, verb);
    }
    tokens.expectKeyword("ADD");
    tokens.acceptKeyword("COLUMN");
    int position = tokens.position();
    ColumnSchema column = parseColumn();
    if (!column.nullable()) {
      throw tokens.error(
          "A column added to a table cannot be NOT NULL: existing rows have no value", position);
    }
    return new DdlStatement.AddColumn(table, column);
  }

  private DdlStatement parseCreateTable() {
    tokens.expectKeyword("TABLE");
    boolean ifNotExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("NOT");
      tokens.expectKeyword("EXISTS");
      ifNotExists = true;
    }
    String name = tokens.nextIdentifier();
    tokens.expectSymbol("(");
    List<ColumnSchema> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    do {
      if (tokens.acceptKeyword("PRIMARY")) {
        tokens.expectKeyword("KEY");
        tokens.expectSymbol("(");
        do {
          primaryKey.add(tokens.nextIdentifier());
        } while (tokens.acceptSymbol(","));
        tokens.expectSymbol(")");
      } else {
        columns.add(parseColumn());
      }
    } while (tokens.acceptSymbol(","));
    tokens.expectSymbol(")");
    for (int i = 0; i < columns.size(); i++) {
      ColumnSchema column = columns.get(i);
      if (primaryKey.contains(column.name())) {
        columns.set(i, new ColumnSchema(column.name(), column.type(), false));
      }
    }

    PartitionGranularity granularity = PartitionGranularity.NONE;
    String timeColumn = null;
    List<String> sortKey = List.of();
    List<String> distributionColumns = List.of();
    int shards = 1;
    int replicationFactor = 0;
    long retentionMicros = 0;
    Set<String> givenOptions = new HashSet<>();
    int clausePosition = tokens.position();
    while (!tokens.isAtEnd() && !tokens.peekSymbol(";")) {
      clausePosition = tokens.position();
      if (tokens.acceptKeyword("PARTITION")) {
        tokens.expectKeyword("BY");
        int position = tokens.position();
        String unit = tokens.nextKeyword();
        granularity =
            switch (unit) {
              case "HOUR" -> PartitionGranularity.HOUR;
              case "DAY" -> PartitionGranularity.DAY;
              case "MONTH" -> PartitionGranularity.MONTH;
              default ->
                  throw tokens.error(
                      "Partitioning must be by HOUR, DAY or MONTH, not " + unit, position);
            };
        tokens.expectSymbol("(");
        timeColumn = tokens.nextIdentifier();
        tokens.expectSymbol(")");
      } else if (tokens.acceptKeyword("SORT") || tokens.acceptKeyword("ORDER")) {
        tokens.expectKeyword("BY");
        tokens.expectSymbol("(");
        List<String> keys = new ArrayList<>();
        do {
          keys.add(tokens.nextIdentifier());
        } while (tokens.acceptSymbol(","));
        tokens.expectSymbol(")");
        sortKey = keys;
      } else if (tokens.acceptKeyword("DISTRIBUTED")) {
        tokens.expectKeyword("BY");
        distributionColumns = parseDistributionColumns(columns);
      } else if (tokens.acceptKeyword("WITH")) {
        tokens.expectSymbol("(");
        do {
          int position = tokens.position();
          String option = parseTableOption();
          if (!givenOptions.add(option)) {
            throw new AuroraException(
                ErrorCode.INVALID_PARAMETER_VALUE,
                "Table option[" + option + "] is given more than once",
                null,
                position);
          }
          tokens.expectSymbol("=");
          int valuePosition = tokens.position();
          if (option.equals(RETENTION)) {
            retentionMicros = parseRetention(valuePosition);
            continue;
          }
          int value = tokens.nextInteger();
          if (option.equals(SHARDS)) {
            shards = value;
          } else {
            if (value < 1 || value > MAX_REPLICATION_FACTOR) {
              throw new AuroraException(
                  ErrorCode.INVALID_PARAMETER_VALUE,
                  "Table option replication_factor["
                      + value
                      + "] must be between 1 and "
                      + MAX_REPLICATION_FACTOR,
                  null,
                  valuePosition);
            }
            replicationFactor = value;
          }
        } while (tokens.acceptSymbol(","));
        tokens.expectSymbol(")");
      } else {
        throw tokens.error(
            "Expected PARTITION BY, SORT BY, DISTRIBUTED BY or WITH", clausePosition);
      }
    }
    TableSchema schema;
    try {
      schema = new TableSchema(columns, timeColumn, granularity, sortKey, shards);
    } catch (AuroraException e) {
      throw new AuroraException(e.errorCode(), e.getMessage(), null, clausePosition);
    }
    if (retentionMicros > 0 && schema.timeColumn() == null) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Table option retention needs a table partitioned by time: add PARTITION BY"
              + " {HOUR | DAY | MONTH} (time_column)",
          null,
          clausePosition);
    }
    return new DdlStatement.CreateTable(
        name,
        schema,
        new TableOptions(
            replicationFactor,
            distributionColumns,
            retentionMicros,
            !givenOptions.contains(SHARDS)),
        ifNotExists);
  }

  /** A retention as interval text ({@code '30 days'}), or {@code 0}/{@code 'none'} for none. */
  private long parseRetention(int position) {
    String text = tokens.nextValue();
    if (text.equals("0") || text.equalsIgnoreCase("none")) {
      return 0;
    }
    try {
      return IntervalLiterals.positiveDurationMicros(text, "Table option retention");
    } catch (AuroraException e) {
      throw new AuroraException(e.errorCode(), e.getMessage(), null, position);
    }
  }

  /**
   * {@code ALTER TABLE name SET (retention = '7 days')} or {@code ALTER TABLE name RESET
   * (retention)}, after the table name and SET or RESET.
   */
  private DdlStatement parseSetRetention(String table, boolean isReset) {
    tokens.expectSymbol("(");
    int position = tokens.position();
    String option = tokens.nextIdentifier();
    if (!option.equals(RETENTION)) {
      throw tokens.error("Only the table option retention can be changed", position);
    }
    long micros = 0;
    if (!isReset) {
      tokens.expectSymbol("=");
      micros = parseRetention(tokens.position());
    }
    tokens.expectSymbol(")");
    return new DdlStatement.SetRetention(table, micros);
  }

  /** The name of one of {@link #TABLE_OPTIONS}; fails listing them for any other name. */
  private String parseTableOption() {
    String option = tokens.peekIdentifier();
    if (option != null && !TABLE_OPTIONS.contains(option)) {
      throw tokens.error(
          "Unknown table option["
              + option
              + "]; the options are: "
              + String.join(", ", TABLE_OPTIONS),
          tokens.position());
    }
    return tokens.nextIdentifier();
  }

  /**
   * {@code (column [, ...])} after {@code DISTRIBUTED BY}: each a column of the table being
   * created, at most once.
   */
  private List<String> parseDistributionColumns(List<ColumnSchema> columns) {
    tokens.expectSymbol("(");
    List<String> names = new ArrayList<>();
    do {
      int position = tokens.position();
      String name = tokens.nextIdentifier();
      if (columns.stream().noneMatch(column -> column.name().equals(name))) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Distribution column[" + name + "] is not a column of the table",
            null,
            position);
      }
      if (names.contains(name)) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_COLUMN,
            "Distribution column[" + name + "] is listed more than once",
            null,
            position);
      }
      names.add(name);
    } while (tokens.acceptSymbol(","));
    tokens.expectSymbol(")");
    return names;
  }

  private ColumnSchema parseColumn() {
    String name = tokens.nextIdentifier();
    DataType type = parseType();
    boolean nullable = true;
    while (true) {
      if (tokens.acceptKeyword("NOT")) {
        tokens.expectKeyword("NULL");
        nullable = false;
      } else if (tokens.acceptKeyword("PRIMARY")) {
        tokens.expectKeyword("KEY");
        nullable = false;
      } else if (!tokens.acceptKeyword("NULL") && !tokens.acceptKeyword("UNIQUE")) {
        break;
      }
    }
    return new ColumnSchema(name, type, nullable);
  }

  /** The type a type name such as {@code DATE} or {@code DECIMAL(10, 2)} names; 42601 if none. */
  public static DataType parseTypeName(String text) {
    DdlParser parser = new DdlParser(text);
    DataType type = parser.parseType();
    parser.tokens.expectEnd();
    return type;
  }

  private DataType parseType() {
    int position = tokens.position();
    String name = tokens.nextKeyword();
    DataType type =
        switch (name) {
          case "BOOLEAN", "BOOL" -> DataType.BOOLEAN;
          case "SMALLINT", "INT2" -> DataType.SMALLINT;
          case "INTEGER", "INT", "INT4" -> DataType.INTEGER;
          case "BIGINT", "INT8" -> DataType.BIGINT;
          case "REAL", "FLOAT4" -> DataType.REAL;
          case "FLOAT", "FLOAT8" -> DataType.DOUBLE;
          case "DOUBLE" -> {
            tokens.acceptKeyword("PRECISION");
            yield DataType.DOUBLE;
          }
          case "DECIMAL", "NUMERIC" -> parseDecimal(position);
          case "VARCHAR", "TEXT", "STRING", "CHAR", "CHARACTER" -> {
            if (name.startsWith("CHAR")) {
              tokens.acceptKeyword("VARYING");
            }
            if (tokens.acceptSymbol("(")) {
              tokens.nextInteger();
              tokens.expectSymbol(")");
            }
            yield DataType.VARCHAR;
          }
          case "DATE" -> DataType.DATE;
          case "TIMESTAMP", "TIMESTAMPTZ" -> {
            if (tokens.acceptKeyword("WITHOUT") || tokens.acceptKeyword("WITH")) {
              tokens.expectKeyword("TIME");
              tokens.expectKeyword("ZONE");
            }
            yield DataType.TIMESTAMP;
          }
          default -> throw tokens.error("Unknown type " + name.toLowerCase(Locale.ROOT), position);
        };
    return type;
  }

  private DataType parseDecimal(int position) {
    int precision = 18;
    int scale = 0;
    if (tokens.acceptSymbol("(")) {
      precision = tokens.nextInteger();
      if (tokens.acceptSymbol(",")) {
        scale = tokens.nextInteger();
      }
      tokens.expectSymbol(")");
    }
    try {
      return DataType.decimal(precision, scale);
    } catch (AuroraException e) {
      throw new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, e.getMessage(), null, position);
    }
  }
}
