package io.aurora.sql.system;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the introspection queries that PostgreSQL clients send, as recorded from their public
 * sources in {@code src/test/resources/introspection/<client>.sql}, against a database with two
 * tables (one partitioned by time) and a view, and checks each answer's rows.
 *
 * <p>In those files a section starts with {@code -- query: name}, followed by comment lines saying
 * where the client sends it, then {@code -- expect:} lines, each one check: {@code row a|b} (a row
 * whose values, joined by {@code |}, are exactly that), {@code cell a} (a row with that value),
 * {@code empty} (no rows: Aurora has none of these objects) or {@code fails SQLSTATE} (a clear
 * error for what Aurora cannot answer). The query text runs to the next section.
 */
class TestClientIntrospection {
  private static final List<String> CLIENTS = List.of("grafana", "metabase", "dbeaver", "pgcli");

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  /** One recorded query: its client and name, what the client uses it for, the checks, the SQL. */
  record RecordedQuery(
      String client, String name, String purpose, List<String> expectations, String sql) {}

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute(
        "CREATE TABLE events (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(10, 2),"
            + " created TIMESTAMP)");
    engine.execute(
        "CREATE TABLE metrics (at TIMESTAMP NOT NULL, value DOUBLE) PARTITION BY DAY (at)");
    engine.execute(
        "CREATE VIEW recent_events AS SELECT id, name, created FROM events"
            + " WHERE created > TIMESTAMP '2026-01-01 00:00:00'");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  @Test
  void recordsEnoughQueriesOfEveryClient() throws IOException {
    List<RecordedQuery> queries = recordedQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(25);
    for (String client : CLIENTS) {
      assertThat(queries).filteredOn(query -> query.client().equals(client)).isNotEmpty();
    }
    assertThat(queries)
        .allSatisfy(
            query -> {
              assertThat(query.purpose()).as(query.name()).isNotBlank();
              assertThat(query.expectations()).as(query.name()).isNotEmpty();
            });
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedQueryAnswersPlausibly() throws IOException {
    return recordedQueries().stream()
        .map(query -> DynamicTest.dynamicTest(query.name(), () -> check(query)));
  }

  private void check(RecordedQuery query) {
    List<String> failures =
        query.expectations().stream().filter(e -> e.startsWith("fails ")).toList();
    if (!failures.isEmpty()) {
      String sqlState = failures.get(0).substring("fails ".length());
      assertThatThrownBy(() -> rows(query.sql()))
          .isInstanceOf(AuroraException.class)
          .satisfies(
              e -> assertThat(((AuroraException) e).errorCode().sqlState()).isEqualTo(sqlState));
      return;
    }
    List<List<String>> rows = rows(query.sql());
    for (String expectation : query.expectations()) {
      int space = expectation.indexOf(' ');
      String kind = space < 0 ? expectation : expectation.substring(0, space);
      String value = space < 0 ? "" : expectation.substring(space + 1);
      switch (kind) {
        case "empty" -> assertThat(rows).as(query.name()).isEmpty();
        case "row" ->
            assertThat(rows.stream().map(row -> String.join("|", row)))
                .as(query.name())
                .contains(value);
        case "cell" ->
            assertThat(rows.stream().flatMap(List::stream)).as(query.name()).contains(value);
        default -> throw new IllegalArgumentException("Unknown expectation[" + expectation + "]");
      }
    }
  }

  private List<List<String>> rows(String sql) {
    List<List<String>> rows = new ArrayList<>();
    try (QueryResult result = (QueryResult) engine.execute(sql)) {
      for (Page page = result.next(); page != null; page = result.next()) {
        int[] selection = page.selection();
        for (int row = 0; row < page.rowCount(); row++) {
          int position = selection == null ? row : selection[row];
          List<String> values = new ArrayList<>();
          for (int channel = 0; channel < page.channelCount(); channel++) {
            values.add(String.valueOf(page.block(channel).objectValue(position)));
          }
          rows.add(values);
        }
      }
    }
    return rows;
  }

  private static List<RecordedQuery> recordedQueries() throws IOException {
    List<RecordedQuery> queries = new ArrayList<>();
    for (String client : CLIENTS) {
      String text;
      try (InputStream in =
          requireNonNull(
              TestClientIntrospection.class.getResourceAsStream(
                  "/introspection/" + client + ".sql"),
              client)) {
        text = new String(in.readAllBytes(), UTF_8);
      }
      String[] sections = text.split("(?m)^-- query: ");
      for (String section : Arrays.asList(sections).subList(1, sections.length)) {
        List<String> lines = section.lines().toList();
        List<String> expectations = new ArrayList<>();
        StringBuilder purpose = new StringBuilder();
        int body = 1;
        while (body < lines.size() && lines.get(body).startsWith("--")) {
          String line = lines.get(body);
          if (line.startsWith("-- expect: ")) {
            expectations.add(line.substring("-- expect: ".length()).strip());
          } else {
            purpose.append(line.substring(2).strip()).append(' ');
          }
          body++;
        }
        String sql = String.join("\n", lines.subList(body, lines.size())).strip();
        if (sql.endsWith(";")) {
          sql = sql.substring(0, sql.length() - 1);
        }
        queries.add(
            new RecordedQuery(
                client,
                client + ": " + lines.get(0).strip(),
                purpose.toString().strip(),
                expectations,
                sql));
      }
    }
    return queries;
  }
}
