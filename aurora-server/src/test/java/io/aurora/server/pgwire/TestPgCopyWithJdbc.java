package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** COPY through pgjdbc's CopyManager against a server on an ephemeral loopback port. */
@Timeout(120)
class TestPgCopyWithJdbc {
  private static final String EVERY_TYPE =
      "CREATE TABLE every_type (b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, r REAL, d DOUBLE,"
          + " n DECIMAL(10, 2), v VARCHAR, dt DATE, ts TIMESTAMP)";

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    catalog = new LocalCatalog(directory.resolve("data"), StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    engine.close();
    catalog.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/aurora?user=aurora");
  }

  private static CopyManager copyManager(Connection connection) throws SQLException {
    return connection.unwrap(PGConnection.class).getCopyAPI();
  }

  @Test
  void copyInCsvWithHeaderReadsEveryType() throws Exception {
    engine.execute(EVERY_TYPE);
    String csv =
        "b,s,i,l,r,d,n,v,dt,ts\n"
            + "true,7,42,9000000000,1.5,2.25,123.40,\"a, \"\"quoted\"\"\nline\",2024-02-29,"
            + "2024-02-29 13:14:15.123456\n"
            + ",,,,,,,\"\",,\n"
            + "f,-3,-1,-2,-0.5,1e300,-0.01,plain,1999-12-31,1970-01-01 00:00:00\r\n";
    try (Connection connection = connect()) {
      long rows =
          copyManager(connection)
              .copyIn(
                  "COPY every_type FROM STDIN WITH (FORMAT csv, HEADER)", new StringReader(csv));
      assertThat(rows).isEqualTo(3);
    }
    assertThat(rows("SELECT * FROM every_type ORDER BY i NULLS LAST"))
        .containsExactly(
            List.of(
                "f",
                "-3",
                "-1",
                "-2",
                "-0.5",
                "1e+300",
                "-0.01",
                "plain",
                "1999-12-31",
                "1970-01-01 00:00:00"),
            List.of(
                "t",
                "7",
                "42",
                "9000000000",
                "1.5",
                "2.25",
                "123.40",
                "a, \"quoted\"\nline",
                "2024-02-29",
                "2024-02-29 13:14:15.123456"),
            nullsAndEmpty());
  }

  private static List<String> nullsAndEmpty() {
    List<String> row = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      row.add(i == 7 ? "" : "null");
    }
    return row;
  }

  @Test
  void copyInTextWithDelimiterNullAndEscapes() throws Exception {
    engine.execute("CREATE TABLE notes (id INTEGER, note VARCHAR, price DOUBLE)");
    String text =
        "id|note|price\n"
            + "1|tab\\there\\\\back|1.5\n"
            + "2|NULL|NULL\n"
            + "3|pipe\\|and\\nnewline \\N|2\n"
            + "\\.\n"
            + "ignored after the end marker\n";
    try (Connection connection = connect()) {
      long rows =
          copyManager(connection)
              .copyIn(
                  "COPY notes FROM STDIN WITH (FORMAT text, HEADER true, DELIMITER '|',"
                      + " NULL 'NULL')",
                  new StringReader(text));
      assertThat(rows).isEqualTo(3);
    }
    assertThat(rows("SELECT id, note, price FROM notes ORDER BY id"))
        .containsExactly(
            List.of("1", "tab\there\\back", "1.5"),
            List.of("2", "null", "null"),
            List.of("3", "pipe|and\nnewline N", "2"));
  }

  @Test
  void legacyOptionsAndColumnListAsPsqlSendsThem() throws Exception {
    engine.execute("CREATE TABLE events (id INTEGER, name VARCHAR, price DOUBLE)");
    try (Connection connection = connect()) {
      long rows =
          copyManager(connection)
              .copyIn(
                  "COPY events (price, id) FROM STDIN WITH CSV HEADER DELIMITER ';' NULL ''",
                  new StringReader("price;id\n2.5;1\n;2\n"));
      assertThat(rows).isEqualTo(2);
    }
    assertThat(rows("SELECT id, name, price FROM events ORDER BY id"))
        .containsExactly(List.of("1", "null", "2.5"), List.of("2", "null", "null"));
  }

  @Test
  void copyOutOfTableAndQueryRoundTrips() throws Exception {
    engine.execute(EVERY_TYPE);
    engine.execute(
        "INSERT INTO every_type VALUES (true, 7, 42, 9000000000, 1.5, 2.25, 123.40,"
            + " 'a,b \"q\" \\ tab\t|', DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.123456'),"
            + " (false, 1, 2, 3, 4, 5, 6, '', DATE '2000-01-01', TIMESTAMP '2000-01-01 00:00:00'),"
            + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    List<List<String>> expected = rows("SELECT * FROM every_type ORDER BY i NULLS LAST");
    try (Connection connection = connect()) {
      CopyManager copy = copyManager(connection);
      for (String format : List.of("csv", "text")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written =
            copy.copyOut("COPY every_type TO STDOUT WITH (FORMAT " + format + ", HEADER)", out);
        assertThat(written).isEqualTo(3);
        String target = "copy_" + format;
        engine.execute(EVERY_TYPE.replace("every_type", target));
        long read =
            copy.copyIn(
                "COPY " + target + " FROM STDIN WITH (FORMAT " + format + ", HEADER)",
                new StringReader(out.toString(StandardCharsets.UTF_8)));
        assertThat(read).isEqualTo(3);
        assertThat(rows("SELECT * FROM " + target + " ORDER BY i NULLS LAST")).isEqualTo(expected);
      }
      ByteArrayOutputStream query = new ByteArrayOutputStream();
      long written =
          copy.copyOut(
              "COPY (SELECT i, v FROM every_type WHERE i IS NOT NULL ORDER BY i) TO STDOUT"
                  + " WITH (FORMAT csv, HEADER)",
              query);
      assertThat(written).isEqualTo(2);
      assertThat(query.toString(StandardCharsets.UTF_8))
          .isEqualTo("i,v\n2,\"\"\n42,\"a,b \"\"q\"\" \\ tab\t|\"\n");
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      copy.copyOut("COPY every_type (v, i) TO STDOUT", text);
      assertThat(text.toString(StandardCharsets.UTF_8))
          .contains("a,b \"q\" \\\\ tab\\t|\t42\n")
          .contains("\t2\n")
          .contains("\\N\t\\N\n");
    }
  }

  @Test
  void copiesTwoHundredThousandRowsExactly() throws Exception {
    engine.execute("CREATE TABLE big (id BIGINT, name VARCHAR, amount DECIMAL(12, 2))");
    int count = 200_000;
    try (Connection connection = connect()) {
      long rows =
          copyManager(connection)
              .copyIn("COPY big FROM STDIN WITH (FORMAT csv)", new GeneratedRows(count));
      assertThat(rows).isEqualTo(count);
    }
    assertThat(rows("SELECT count(*), sum(id), count(DISTINCT name) FROM big"))
        .containsExactly(
            List.of("200000", Long.toString((long) count * (count - 1) / 2), "200000"));
  }

  /**
   * Integers read from the field's bytes and ASCII text copied as it is agree with the text path on
   * every edge: signs, spaces, 18 and 19 digits, the types' limits, and non-ASCII text.
   */
  @Test
  void integersAndTextReadFromBytesAgreeWithTheTextPath() throws Exception {
    engine.execute("CREATE TABLE edges (s SMALLINT, i INTEGER, b BIGINT, v VARCHAR)");
    String csv =
        "-0,+5,123456789012345678,plain\n"
            + "\" -32768\",2147483647,-9223372036854775808,h\u00e9llo \u4e16\u754c\n"
            + "32767,-2147483648,\" 9223372036854775807 \",\"\"\n";
    try (Connection connection = connect()) {
      assertThat(
              copyManager(connection)
                  .copyIn("COPY edges FROM STDIN (FORMAT csv)", new StringReader(csv)))
          .isEqualTo(3);
      CopyManager copy = copyManager(connection);
      assertThatThrownBy(
              () ->
                  copy.copyIn(
                      "COPY edges FROM STDIN (FORMAT csv)", new StringReader("32768,1,1,x\n")))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"))
          .hasMessageContaining("line 1, column s");
      assertThatThrownBy(
              () ->
                  copy.copyIn(
                      "COPY edges FROM STDIN (FORMAT csv)",
                      new StringReader("1,1,99999999999999999999,x\n")))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
      assertThatThrownBy(
              () ->
                  copy.copyIn("COPY edges FROM STDIN (FORMAT csv)", new StringReader("1,-,1,x\n")))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P02"));
    }
    assertThat(rows("SELECT s, i, b, v FROM edges ORDER BY b"))
        .containsExactly(
            List.of("-32768", "2147483647", "-9223372036854775808", "h\u00e9llo \u4e16\u754c"),
            List.of("0", "5", "123456789012345678", "plain"),
            List.of("32767", "-2147483648", "9223372036854775807", ""));
  }

  @Test
  void malformedRowFailsWithItsLineAndStoresNothing() throws Exception {
    engine.execute("CREATE TABLE events (id INTEGER, price DOUBLE)");
    engine.execute("INSERT INTO events VALUES (0, 0.5)");
    StringBuilder csv = new StringBuilder("id,price\n");
    for (int line = 2; line <= 20; line++) {
      csv.append(line).append(',').append(line == 17 ? "abc" : "1.25").append('\n');
    }
    try (Connection connection = connect()) {
      CopyManager copy = copyManager(connection);
      assertThatThrownBy(
              () ->
                  copy.copyIn(
                      "COPY events FROM STDIN (FORMAT csv, HEADER)",
                      new StringReader(csv.toString())))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(
              "COPY events, line 17, column price: invalid input syntax for type double"
                  + " precision: \"abc\"")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P02"));
      assertThatThrownBy(
              () ->
                  copy.copyIn(
                      "COPY events FROM STDIN (FORMAT csv)", new StringReader("1,2\n3,4,5\n")))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P04"))
          .hasMessageContaining("line 2");
      try (Statement statement = connection.createStatement()) {
        assertThat(statement.execute("SELECT 1")).isTrue();
      }
    }
    assertThat(rows("SELECT count(*) FROM events")).containsExactly(List.of("1"));
  }

  @Test
  void copyFailFromTheClientStoresNothing() throws Exception {
    engine.execute("CREATE TABLE events (id INTEGER)");
    try (Connection connection = connect()) {
      CopyIn copyIn = copyManager(connection).copyIn("COPY events FROM STDIN");
      byte[] data = "1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
      copyIn.writeToCopy(data, 0, data.length);
      copyIn.flushCopy();
      copyIn.cancelCopy();
      try (Statement statement = connection.createStatement()) {
        assertThat(statement.execute("SELECT 1")).isTrue();
      }
    }
    assertThat(rows("SELECT count(*) FROM events")).containsExactly(List.of("0"));
  }

  @Test
  void copyFromServerFile() throws Exception {
    engine.execute("CREATE TABLE events (id INTEGER, name VARCHAR)");
    Path file = directory.resolve("events.csv");
    Files.writeString(file, "id,name\n1,one\n2,two\n");
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertThat(
              statement.executeUpdate(
                  "COPY events FROM '" + file.toAbsolutePath() + "' WITH (FORMAT csv, HEADER)"))
          .isEqualTo(2);
      assertThatThrownBy(() -> statement.execute("COPY events FROM '/no/such/file.csv'"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("58P01"));
    }
    assertThat(rows("SELECT id, name FROM events ORDER BY id"))
        .containsExactly(List.of("1", "one"), List.of("2", "two"));
  }

  @Test
  void badStatementsFailWithTheirSqlState() throws Exception {
    engine.execute("CREATE TABLE events (id INTEGER)");
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertSqlState(statement, "COPY missing FROM STDIN", "42P01");
      assertSqlState(statement, "COPY events (nope) FROM STDIN", "42703");
      assertSqlState(statement, "COPY events FROM STDIN WITH (COLOR 'red')", "42601");
      assertSqlState(statement, "COPY events FROM STDIN WITH (FORMAT csv, FORMAT text)", "42601");
      assertSqlState(statement, "COPY events SIDEWAYS STDIN", "42601");
      assertSqlState(statement, "COPY events FROM STDIN WITH (FORMAT binary)", "0A000");
      assertThat(statement.execute("SELECT 1")).isTrue();
    }
  }

  private static void assertSqlState(Statement statement, String sql, String sqlState) {
    assertThatThrownBy(() -> statement.execute(sql))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(sqlState));
  }

  private List<List<String>> rows(String sql) {
    try (QueryResult result = (QueryResult) engine.execute(sql)) {
      List<List<String>> rows = new ArrayList<>();
      List<DataType> types = result.types();
      for (List<Object> row : result.rows()) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          Object value = row.get(i);
          values.add(value == null ? "null" : PgTypes.toText(types.get(i), value));
        }
        rows.add(values);
      }
      return rows;
    }
  }

  /** CSV rows {@code id,name-id,id.25} made as they are read, never held whole in memory. */
  private static final class GeneratedRows extends InputStream {
    private final int count;
    private int next;
    private byte[] line = new byte[0];
    private int position;

    GeneratedRows(int count) {
      this.count = count;
    }

    @Override
    public int read() {
      if (position == line.length) {
        if (next == count) {
          return -1;
        }
        line = (next + ",name-" + next + "," + next + ".25\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        next++;
      }
      return line[position++] & 0xFF;
    }
  }
}
