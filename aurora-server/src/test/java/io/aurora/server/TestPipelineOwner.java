package io.aurora.server;

import static io.aurora.server.TestNodes.connect;
import static io.aurora.server.TestNodes.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.kafka.TestingKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines run as their owner: a role creates one only with CREATE on the schema and INSERT on
 * what it loads; it owns the dead-letter table; only its owner's roles manage it; a REVOKE holds
 * its next batch back (retrying, with the reason) and a GRANT lets it go on from where it was,
 * every record once; a role that owns a pipeline cannot be dropped.
 */
@Timeout(180)
class TestPipelineOwner {
  private static TestingKafka kafka;
  @TempDir Path directory;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = TestingKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static List<String> rows(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? " " : "").append(result.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static List<String> await(
      Connection connection, String sql, Predicate<List<String>> condition) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    List<String> last = rows(connection, sql);
    while (!condition.test(last)) {
      assertThat(System.nanoTime()).as("waiting for %s; last %s", sql, last).isLessThan(deadline);
      Thread.sleep(100);
      last = rows(connection, sql);
    }
    return last;
  }

  private static void assertSqlState(String state, Connection connection, String sql) {
    assertThatThrownBy(() -> execute(connection, sql))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state));
  }

  private static String event(int userId) {
    return "{\"ts\": \"2026-12-01 10:00:00\", \"user_id\": " + userId + ", \"url\": \"/p\"}";
  }

  @Test
  void aPipelineLoadsOnlyWhatItsOwnerMay() throws Exception {
    kafka.createTopic("owned_clicks", 1);
    kafka.send("owned_clicks", 0, event(1), event(2), event(3));
    String create =
        "CREATE PIPELINE clicks_in FROM KAFKA '"
            + kafka.bootstrapServers()
            + "' TOPIC 'owned_clicks' INTO clicks FORMAT JSON";
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()));
        Connection admin = connect(node, "aurora", "")) {
      execute(admin, "CREATE TABLE clicks (ts TIMESTAMP NOT NULL, user_id BIGINT, url VARCHAR)");
      execute(admin, "CREATE ROLE loader LOGIN PASSWORD 'pw'");
      execute(admin, "CREATE ROLE other LOGIN PASSWORD 'pw'");
      try (Connection loader = connect(node, "loader", "pw");
          Connection other = connect(node, "other", "pw")) {
        assertSqlState("42501", loader, create); // no CREATE on the schema
        execute(admin, "GRANT CREATE ON SCHEMA public TO loader, other");
        assertSqlState("42501", loader, create); // no INSERT on clicks
        execute(admin, "GRANT INSERT (ts, user_id) ON clicks TO loader");
        assertSqlState("42501", loader, create); // records map to every column
        // Mapped columns need INSERT on those only (the pipeline is checked, not created).
        execute(
            loader,
            "CREATE PIPELINE mapped FROM KAFKA '"
                + kafka.bootstrapServers()
                + "' TOPIC 'owned_clicks' INTO clicks (ts = ts, user_id = user_id) FORMAT JSON");
        execute(loader, "DROP PIPELINE mapped");
        assertThat(rows(admin, "SELECT count(*) FROM clicks")).containsExactly("0");

        execute(admin, "GRANT INSERT ON clicks TO loader");
        execute(loader, create);
        await(admin, "SELECT count(*) FROM clicks", rows -> rows.equals(List.of("3")));
        assertThat(rows(admin, "SELECT DISTINCT owner FROM system.pipelines"))
            .containsExactly("loader");
        // The owner reads its dead-letter table; others do not.
        assertThat(rows(loader, "SELECT count(*) FROM clicks_in_errors")).containsExactly("0");
        assertSqlState("42501", other, "SELECT count(*) FROM clicks_in_errors");
        assertSqlState("42501", other, "STOP PIPELINE clicks_in");
        assertSqlState("42501", other, "DROP PIPELINE clicks_in");
        assertSqlState("2BP01", admin, "DROP ROLE loader");

        // A REVOKE holds the next batch back; nothing is written meanwhile, nothing is lost.
        execute(admin, "REVOKE INSERT ON clicks FROM loader");
        assertSqlState(
            "42501", loader, "INSERT INTO clicks VALUES (TIMESTAMP '2026-12-01 10:00:00', 9, 'x')");
        kafka.send("owned_clicks", 0, event(4), event(5));
        List<String> held =
            await(
                admin,
                "SELECT state, error FROM system.pipelines",
                rows -> rows.size() == 1 && rows.get(0).startsWith("retrying"));
        assertThat(held.get(0))
            .contains("pipeline clicks_in runs as role loader")
            .contains("permission denied for table clicks");
        assertThat(rows(admin, "SELECT count(*) FROM clicks")).containsExactly("3");

        execute(admin, "GRANT INSERT ON clicks TO loader");
        await(admin, "SELECT count(*) FROM clicks", rows -> rows.equals(List.of("5")));
        assertThat(rows(admin, "SELECT user_id FROM clicks ORDER BY user_id"))
            .containsExactly("1", "2", "3", "4", "5");
        await(admin, "SELECT state FROM system.pipelines", rows -> rows.equals(List.of("running")));

        execute(loader, "STOP PIPELINE clicks_in");
        execute(loader, "DROP PIPELINE clicks_in");
      }
    }
  }
}
