package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestViews {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE events (day DATE, kind VARCHAR, amount BIGINT)");
    engine.execute(
        "INSERT INTO events VALUES (DATE '2025-01-01', 'a', 1), (DATE '2025-01-01', 'b', 2),"
            + " (DATE '2025-01-02', 'a', 3), (DATE '2025-01-03', NULL, 4)");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<List<Object>> query(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }

  private static void assertError(Runnable statement, ErrorCode code) {
    assertThatThrownBy(statement::run)
        .isInstanceOfSatisfying(
            AuroraException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  @Test
  void viewsAreQueriedAsTheirQueryAlsoThroughOtherViews() {
    assertThat(
            engine.execute(
                "CREATE VIEW daily AS SELECT day, count(*) AS n, sum(amount) AS total FROM events"
                    + " GROUP BY day"))
        .isEqualTo(new CommandResult("CREATE VIEW", 0));
    assertThat(query("SELECT total FROM daily WHERE n = 2")).containsExactly(List.of(3L));
    engine.execute("CREATE VIEW busy (d, events) AS SELECT day, n FROM daily WHERE n > 1");
    assertThat(query("SELECT d, events FROM busy")).hasSize(1);
    QueryResult result = (QueryResult) engine.execute("SELECT * FROM busy");
    assertThat(result.columnNames()).containsExactly("d", "events");
    result.close();
    assertThat(query("SELECT count(*) FROM busy b JOIN daily d ON b.d = d.day"))
        .containsExactly(List.of(1L));
    // Rows written after the view was created are seen: a view keeps its query, not its rows.
    engine.execute("INSERT INTO events VALUES (DATE '2025-01-03', 'c', 5)");
    assertThat(query("SELECT count(*) FROM busy")).containsExactly(List.of(2L));
  }

  @Test
  void replacingAViewKeepsItsColumnsAndIsSeenAtOnce() {
    engine.execute(
        "CREATE VIEW totals AS SELECT kind, sum(amount) AS total FROM events GROUP BY kind");
    // A statement that reads a view is planned again each time (it is never cached), so a
    // replaced view is seen at once.
    assertThat(engine.prepare("SELECT total FROM totals WHERE kind = 'a'", List.of())).isNull();
    String sql = "SELECT total FROM totals WHERE kind = 'a'";
    assertThat(query(sql)).containsExactly(List.of(4L));
    engine.execute(
        "CREATE OR REPLACE VIEW totals AS SELECT kind, sum(amount) * 10 AS total, count(*) AS n"
            + " FROM events GROUP BY kind");
    assertThat(query(sql)).containsExactly(List.of(40L));
    assertError(
        () ->
            engine.execute(
                "CREATE OR REPLACE VIEW totals AS SELECT kind, max(day) AS total, 1 AS n FROM"
                    + " events GROUP BY kind"),
        ErrorCode.INVALID_TABLE_DEFINITION);
    assertError(
        () -> engine.execute("CREATE OR REPLACE VIEW totals AS SELECT kind FROM events"),
        ErrorCode.INVALID_TABLE_DEFINITION);
    assertError(
        () -> engine.execute("CREATE VIEW totals AS SELECT 1 AS x"), ErrorCode.DUPLICATE_TABLE);
  }

  @Test
  void whatAViewReadsCannotBeDroppedAndNamesAreShared() {
    engine.execute("CREATE VIEW v1 AS SELECT kind FROM events");
    engine.execute("CREATE VIEW v2 AS SELECT kind FROM v1");
    assertError(() -> engine.execute("DROP TABLE events"), ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
    assertError(() -> engine.execute("DROP VIEW v1"), ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
    assertError(() -> engine.execute("CREATE VIEW events AS SELECT 1"), ErrorCode.DUPLICATE_TABLE);
    assertError(() -> engine.execute("CREATE TABLE v1 (x INTEGER)"), ErrorCode.DUPLICATE_TABLE);
    // Replacing v1 so that it reads v2, which reads v1, would make a cycle.
    assertError(
        () -> engine.execute("CREATE OR REPLACE VIEW v1 AS SELECT kind FROM v2"),
        ErrorCode.INVALID_PARAMETER_VALUE);
    engine.execute("DROP VIEW v2");
    engine.execute("DROP VIEW v1");
    assertThat(((CommandResult) engine.execute("DROP VIEW IF EXISTS v1")).notice()).isNotNull();
    assertError(() -> engine.execute("DROP VIEW v1"), ErrorCode.UNDEFINED_TABLE);
    engine.execute("DROP TABLE events");
  }

  @Test
  void aViewWhoseQueryFailsIsNotCreated() {
    assertError(
        () -> engine.execute("CREATE VIEW broken AS SELECT missing FROM events"),
        ErrorCode.UNDEFINED_COLUMN);
    assertError(
        () -> engine.execute("CREATE VIEW dup AS SELECT kind, kind FROM events"),
        ErrorCode.DUPLICATE_COLUMN);
    assertError(
        () -> engine.execute("CREATE VIEW wide (a, b, c, d) AS SELECT kind FROM events"),
        ErrorCode.SYNTAX_ERROR);
    assertThat(catalog.views()).isEmpty();
  }

  @Test
  void theCatalogsShowViews() {
    engine.execute("CREATE VIEW daily AS SELECT day, count(*) AS n FROM events GROUP BY day");
    assertThat(query("SELECT relkind, relnatts FROM pg_class WHERE relname = 'daily'"))
        .containsExactly(List.of("v", 2));
    assertThat(
            query(
                "SELECT attname FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid"
                    + " WHERE c.relname = 'daily' ORDER BY attnum"))
        .containsExactly(List.of("day"), List.of("n"));
    assertThat(query("SELECT table_type FROM information_schema.tables WHERE table_name = 'daily'"))
        .containsExactly(List.of("VIEW"));
    assertThat(query("SELECT table_name, view_definition FROM information_schema.views"))
        .containsExactly(List.of("daily", "SELECT day, count(*) AS n FROM events GROUP BY day"));
    assertThat(query("SELECT viewname FROM pg_views")).containsExactly(List.of("daily"));
    assertThat(query("SELECT pg_get_viewdef('daily')"))
        .containsExactly(List.of("SELECT day, count(*) AS n FROM events GROUP BY day"));
    assertThat(
            query("SELECT pg_get_viewdef(c.oid, true) FROM pg_class c WHERE c.relname = 'daily'"))
        .containsExactly(List.of("SELECT day, count(*) AS n FROM events GROUP BY day"));
  }
}
