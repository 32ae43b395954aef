package io.aurora.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraClientException;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.io.IOException;
import java.math.BigDecimal;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results over gRPC equal results over pgwire: the differential suite's queries over the {@code
 * events} table (aurora-sql's {@code differential/queries.sql}, read from the sibling module),
 * against one node whose {@code events} rows were loaded through the gRPC writer.
 */
@Timeout(300)
class TestGrpcPgwireEquality {
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

  @TempDir Path directory;

  @Test
  void differentialQueriesReturnTheSameValuesOverBothProtocols() throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.resolve("data").toString());
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", "0");
    flags.put("raft-port", "0");
    try (AuroraNode node = AuroraNode.start(NodeConfig.resolve(flags, Map.of(), null));
        AuroraClient client =
            AuroraClient.builder().endpoints("127.0.0.1:" + node.grpcPort()).build();
        Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora")) {
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
        List<List<String>> overPgwire;
        try {
          overPgwire = pgwire(connection, sql);
        } catch (SQLException e) {
          String state = e.getSQLState();
          try {
            client.query(sql).rows();
          } catch (AuroraClientException grpcError) {
            assertThat(grpcError.sqlState()).as(sql).isEqualTo(state);
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
        if (!isOrdered) {
          overPgwire.sort(ROW_ORDER);
          overGrpc.sort(ROW_ORDER);
        }
        assertThat(overGrpc).as(sql).isEqualTo(overPgwire);
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

  private static List<List<String>> pgwire(Connection connection, String sql) throws SQLException {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData metadata = result.getMetaData();
      while (result.next()) {
        List<@Nullable Object> row = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
          Object value =
              switch (metadata.getColumnType(column)) {
                case Types.TIMESTAMP -> result.getObject(column, LocalDateTime.class);
                case Types.DATE -> result.getObject(column, LocalDate.class);
                default -> result.getObject(column);
              };
          row.add(value);
        }
        rows.add(row);
      }
    }
    return canonical(rows);
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
