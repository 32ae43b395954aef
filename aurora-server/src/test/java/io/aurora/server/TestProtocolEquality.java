package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraClientException;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.server.http.ArrowAnswers;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results over gRPC and over HTTP ({@code POST /v1/sql} answered as JSON, CSV and an Arrow IPC
 * stream) equal results over pgwire: the differential suite's queries over the {@code events} table
 * (aurora-sql's {@code differential/queries.sql}, read from the sibling module), against one node
 * whose {@code events} rows were loaded through the gRPC writer. A query that fails fails with the
 * same SQLSTATE everywhere.
 */
@Timeout(300)
class TestProtocolEquality {
  private static final Path QUERIES =
      Path.of("../aurora-sql/src/test/resources/differential/queries.sql");
  private static final Pattern OTHER_TABLES =
      Pattern.compile(
          "(?i)\\b(users|one_row|empty_events|edge_values|special_doubles|join|"
              + "information_schema|pg_catalog)\\b");
  private static final Pattern FROM_EVENTS = Pattern.compile("(?i)\\bFROM\\s+events\\b");
  private static final int MAX_QUERIES = 200;
  private static final String[] EVENT_TYPES = {"view", "click", "purchase", "signup", "logout"};
  private static final String[] COUNTRIES = {
    "DE", "FR", "US", "JP", "BR", "IN", "ZA", "Österreich", ""
  };

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir Path directory;

  @Test
  void differentialQueriesReturnTheSameValuesOverEveryProtocol() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()));
        AuroraClient client =
            AuroraClient.builder().endpoints("127.0.0.1:" + node.grpcPort()).build();
        Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora");
        BufferAllocator allocator = new RootAllocator()) {
      client.execute(
          "CREATE TABLE events (ts TIMESTAMP NOT NULL, user_id BIGINT, event_type VARCHAR,"
              + " country VARCHAR, revenue DECIMAL(12, 2), duration DOUBLE, score INTEGER,"
              + " flag BOOLEAN, day DATE, small SMALLINT, url VARCHAR) PARTITION BY DAY(ts)");
      load(client, 2_000);

      int compared = 0;
      int failedOnBoth = 0;
      for (String line : queries()) {
        boolean isOrdered = line.startsWith("ordered:");
        String sql = isOrdered ? line.substring("ordered:".length()).strip() : line;
        PgAnswer overPgwire;
        try {
          overPgwire = pgwire(connection, sql);
        } catch (SQLException e) {
          String state = e.getSQLState();
          try {
            client.query(sql).rows();
          } catch (AuroraClientException grpcError) {
            assertThat(grpcError.sqlState()).as(sql).isEqualTo(state);
            for (String accept : ACCEPTS) {
              HttpResponse<byte[]> response = post(node, sql, accept);
              assertThat(response.statusCode()).as("%s as %s", sql, accept).isEqualTo(400);
              assertThat(mapper.readTree(response.body()).path("error").path("sqlstate").asText())
                  .as("%s as %s", sql, accept)
                  .isEqualTo(state);
            }
            failedOnBoth++;
            continue;
          }
          throw new AssertionError("Failed over pgwire only (" + state + "): " + sql, e);
        }
        List<List<String>> overGrpc;
        try {
          overGrpc = canonical(client.query(sql).rows());
        } catch (AuroraClientException e) {
          throw new AssertionError("Failed over gRPC only: " + sql, e);
        }
        List<List<String>> overJson = json(post(node, sql, "application/json"), overPgwire, sql);
        List<List<String>> overCsv = csv(post(node, sql, "text/csv"), overPgwire, sql);
        List<List<String>> overArrow =
            arrow(post(node, sql, "application/vnd.apache.arrow.stream"), allocator, sql);
        List<List<String>> typed = overPgwire.typed();
        List<List<String>> text = overPgwire.text();
        if (!isOrdered) {
          for (List<List<String>> rows :
              List.of(typed, text, overGrpc, overJson, overCsv, overArrow)) {
            rows.sort(ROW_ORDER);
          }
        }
        assertThat(overGrpc).as("gRPC: %s", sql).isEqualTo(typed);
        assertThat(overArrow).as("HTTP Arrow: %s", sql).isEqualTo(typed);
        assertThat(overJson).as("HTTP JSON: %s", sql).isEqualTo(text);
        assertThat(overCsv).as("HTTP CSV: %s", sql).isEqualTo(text);
        compared++;
      }
      assertThat(compared).isGreaterThanOrEqualTo(50);
      assertThat(failedOnBoth).isLessThan(compared);
    }
  }

  private static final Comparator<List<String>> ROW_ORDER =
      (first, second) -> String.join("\u0001", first).compareTo(String.join("\u0001", second));

  private static List<String> queries() throws IOException {
    List<String> queries = new ArrayList<>();
    for (String line : Files.readAllLines(QUERIES)) {
      String query = line.strip();
      if (!query.isEmpty()
          && !query.startsWith("--")
          && FROM_EVENTS.matcher(query).find()
          && !OTHER_TABLES.matcher(query).find()
          && queries.size() < MAX_QUERIES) {
        queries.add(query);
      }
    }
    return queries;
  }

  /** Rows like aurora-sql's TestingData events, written through the gRPC writer (map form). */
  private static void load(AuroraClient client, int count) {
    Random random = new Random(42);
    long start = 1_735_689_600_000_000L;
    try (AuroraWriter writer =
        client.writer("events", WriterOptions.defaults().withMaxBatchRows(500))) {
      for (int i = 0; i < count; i++) {
        Map<String, @Nullable Object> row = new HashMap<>();
        row.put("ts", start + (long) (random.nextDouble() * 10 * 86_400_000_000L));
        int skew = (int) Math.floor(Math.pow(random.nextDouble(), 3) * 500);
        row.put("user_id", random.nextInt(40) == 0 ? null : (long) skew);
        row.put(
            "event_type",
            random.nextInt(15) == 0
                ? null
                : EVENT_TYPES[
                    Math.min(
                        EVENT_TYPES.length - 1,
                        (int) Math.floor(Math.pow(random.nextDouble(), 2) * EVENT_TYPES.length))]);
        row.put(
            "country",
            random.nextInt(20) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)]);
        row.put(
            "revenue",
            random.nextInt(10) == 0
                ? null
                : BigDecimal.valueOf(random.nextInt(100_000) - 20_000, 2));
        row.put(
            "duration",
            random.nextInt(12) == 0 ? null : Math.round(random.nextDouble() * 1e6) / 1000.0);
        row.put("score", random.nextInt(8) == 0 ? null : random.nextInt(201) - 100);
        row.put("flag", random.nextInt(10) == 0 ? null : random.nextBoolean());
        row.put("day", random.nextInt(10) == 0 ? null : 20_089 + random.nextInt(30));
        row.put("small", random.nextInt(10) == 0 ? null : random.nextInt(64) - 10);
        row.put(
            "url",
            random.nextInt(10) == 0
                ? null
                : "https://example.com/"
                    + (char) ('a' + random.nextInt(26))
                    + "/"
                    + random.nextInt(300));
        writer.write(row);
      }
    }
    assertThat(client.query("SELECT count(*) FROM events").rows())
        .containsExactly(List.of((long) count));
  }

  private static final List<String> ACCEPTS =
      List.of("application/json", "text/csv", "application/vnd.apache.arrow.stream");

  /** How a column's values compare as text. */
  private enum Kind {
    FLOAT,
    DECIMAL,
    BOOLEAN,
    TEXT
  }

  /**
   * A query's answer over pgwire: its values as Java objects, and as PostgreSQL's text with the
   * kind of each column.
   */
  private record PgAnswer(List<List<String>> typed, List<List<String>> text, List<Kind> kinds) {}

  private static PgAnswer pgwire(Connection connection, String sql) throws SQLException {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    List<List<String>> text = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData metadata = result.getMetaData();
      for (int column = 1; column <= metadata.getColumnCount(); column++) {
        kinds.add(
            switch (metadata.getColumnType(column)) {
              case Types.DOUBLE, Types.REAL, Types.FLOAT -> Kind.FLOAT;
              case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
              case Types.BIT, Types.BOOLEAN -> Kind.BOOLEAN;
              default -> Kind.TEXT;
            });
      }
      while (result.next()) {
        List<@Nullable Object> row = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
          Object value =
              switch (metadata.getColumnType(column)) {
                case Types.TIMESTAMP -> result.getObject(column, LocalDateTime.class);
                case Types.DATE -> result.getObject(column, LocalDate.class);
                default -> result.getObject(column);
              };
          row.add(value);
          texts.add(text(kinds.get(column - 1), result.getString(column)));
        }
        rows.add(row);
        text.add(texts);
      }
    }
    return new PgAnswer(canonical(rows), text, kinds);
  }

  private HttpResponse<byte[]> post(AuroraNode node, String sql, String accept)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/sql"))
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofString(sql))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private List<List<String>> json(HttpResponse<byte[]> response, PgAnswer pgwire, String sql)
      throws IOException {
    assertThat(response.statusCode())
        .as("%s: %s", sql, new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    JsonNode answer = mapper.readTree(response.body());
    assertThat(answer.path("truncated").asBoolean()).as(sql).isFalse();
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : answer.path("rows")) {
      List<String> values = new ArrayList<>();
      for (int column = 0; column < row.size(); column++) {
        JsonNode value = row.get(column);
        values.add(text(pgwire.kinds().get(column), value.isNull() ? null : value.asText()));
      }
      rows.add(values);
    }
    return rows;
  }

  /** The rows of a CSV answer after its header: an empty field is NULL, a quoted one is text. */
  private static List<List<String>> csv(
      HttpResponse<byte[]> response, PgAnswer pgwire, String sql) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as("%s: %s", sql, body).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean isQuoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (isQuoted) {
        if (c == '"' && i + 1 < body.length() && body.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          isQuoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        isQuoted = true;
        wasQuoted = true;
      } else if (c == ',' || c == '\n') {
        row.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        field.setLength(0);
        wasQuoted = false;
        if (c == '\n') {
          rows.add(row);
          row = new ArrayList<>();
        }
      } else {
        field.append(c);
      }
    }
    assertThat(row).as("a CSV answer ends with a line end: %s", sql).isEmpty();
    List<List<String>> values = new ArrayList<>();
    for (List<String> line : rows.subList(1, rows.size())) {
      List<String> texts = new ArrayList<>();
      for (int column = 0; column < line.size(); column++) {
        texts.add(text(pgwire.kinds().get(column), line.get(column)));
      }
      values.add(texts);
    }
    return values;
  }

  private static List<List<String>> arrow(
      HttpResponse<byte[]> response, BufferAllocator allocator, String sql) throws IOException {
    assertThat(response.statusCode()).as(sql).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("application/vnd.apache.arrow.stream");
    return canonical(ArrowAnswers.rows(response.body(), allocator));
  }

  /** PostgreSQL's text of a value as comparable text: doubles to 12 digits, decimals by value. */
  private static String text(Kind kind, @Nullable String value) {
    if (value == null) {
      return "NULL";
    }
    return switch (kind) {
      case FLOAT -> canonical(Double.parseDouble(value));
      case DECIMAL -> canonical(new BigDecimal(value));
      case BOOLEAN -> value.startsWith("t") ? "t" : "f";
      case TEXT -> value;
    };
  }

  /** Values as comparable text: integers, decimals and doubles by value, dates ISO. */
  private static List<List<String>> canonical(List<List<@Nullable Object>> rows) {
    List<List<String>> canonical = new ArrayList<>();
    for (List<@Nullable Object> row : rows) {
      List<String> values = new ArrayList<>();
      for (Object value : row) {
        values.add(canonical(value));
      }
      canonical.add(values);
    }
    return canonical;
  }

  private static String canonical(@Nullable Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return Long.toString(((Number) value).longValue());
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      // Parallel sums may add in another order: compare to 12 significant digits.
      return String.format(Locale.ROOT, "%.12g", ((Number) value).doubleValue());
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value.toString();
  }
}
