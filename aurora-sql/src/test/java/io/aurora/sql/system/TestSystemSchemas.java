package io.aurora.sql.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSystemSchemas {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE events (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(10, 2))");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<String> rows(String sql) {
    List<String> rows = new ArrayList<>();
    try (QueryResult result = (QueryResult) engine.execute(sql)) {
      for (Page page = result.next(); page != null; page = result.next()) {
        int[] selection = page.selection();
        for (int row = 0; row < page.rowCount(); row++) {
          int position = selection == null ? row : selection[row];
          List<String> values = new ArrayList<>();
          for (int channel = 0; channel < page.channelCount(); channel++) {
            values.add(String.valueOf(page.block(channel).objectValue(position)));
          }
          rows.add(String.join("|", values));
        }
      }
    }
    return rows;
  }

  @Test
  void pgClassListsUserTablesAfterCreateTable() {
    String query =
        "SELECT c.relname, n.nspname, c.relkind FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            + " ORDER BY 1";
    assertThat(rows(query)).containsExactly("events|public|r");
    engine.execute("CREATE TABLE metrics (value DOUBLE)");
    assertThat(rows(query)).containsExactly("events|public|r", "metrics|public|r");
    engine.execute("DROP TABLE metrics");
    assertThat(rows(query)).containsExactly("events|public|r");
  }

  @Test
  void userTableOidsAreStableAndResolveThroughRegclass() {
    List<String> before = rows("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'events'");
    engine.execute("CREATE TABLE another (a INTEGER)");
    assertThat(rows("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'events'"))
        .isEqualTo(before)
        .hasSize(1);
    assertThat(rows("SELECT oid FROM pg_class WHERE oid = 'public.events'::regclass"))
        .isEqualTo(before);
    assertThat(rows("SELECT c.oid::regclass FROM pg_class c WHERE c.relname = 'events'"))
        .containsExactly("events");
    assertThatThrownBy(() -> rows("SELECT 'missing'::regclass"))
        .isInstanceOf(AuroraException.class)
        .satisfies(
            e ->
                assertThat(((AuroraException) e).errorCode()).isEqualTo(ErrorCode.UNDEFINED_TABLE));
  }

  @Test
  void pgAttributeListsColumnsInOrderWithTypes() {
    engine.execute("ALTER TABLE events ADD COLUMN label VARCHAR");
    assertThat(
            rows(
                "SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull FROM pg_catalog.pg_attribute a"
                    + " WHERE a.attrelid = 'events'::regclass AND a.attnum > 0"
                    + " ORDER BY a.attnum"))
        .containsExactly(
            "1|id|bigint|true",
            "2|name|character varying|false",
            "3|amount|numeric(10,2)|false",
            "4|label|character varying|false");
  }

  @Test
  void informationSchemaColumnsUsePostgresTypeNames() {
    assertThat(
            rows(
                "SELECT table_schema, column_name, ordinal_position, data_type, is_nullable,"
                    + " numeric_precision, numeric_scale FROM information_schema.columns"
                    + " WHERE table_name = 'events' ORDER BY ordinal_position"))
        .containsExactly(
            "public|id|1|bigint|NO|64|0",
            "public|name|2|character varying|YES|null|null",
            "public|amount|3|numeric|YES|10|2");
    assertThat(rows("SELECT table_name, table_type FROM information_schema.tables"))
        .containsExactly("events|BASE TABLE");
    assertThat(rows("SELECT schema_name FROM information_schema.schemata ORDER BY 1"))
        .containsExactly("information_schema", "pg_catalog", "public");
  }

  @Test
  void userTablesResolveInSchemaPublic() {
    engine.execute("INSERT INTO public.events VALUES (1, 'a', 1.50)");
    assertThat(rows("SELECT public.events.name FROM public.events")).containsExactly("a");
  }

  @Test
  void catalogFunctionsAnswerAsPostgresWithOneUserAndDatabase() {
    assertThat(
            rows(
                "SELECT version(), current_database(), current_schema(), current_user,"
                    + " pg_catalog.pg_get_userbyid(10), pg_encoding_to_char(6),"
                    + " pg_table_is_visible(1), has_table_privilege('events', 'SELECT'),"
                    + " obj_description(1, 'pg_class'), col_description(1, 1)"))
        .containsExactly(
            "PostgreSQL 16.0 (Aurora 0.1.0)|aurora|public|aurora|aurora|UTF8|true|true|null|null");
  }

  @Test
  void unnamedColumnsAreNamedAsPostgresNamesThem() {
    try (QueryResult result =
        (QueryResult)
            engine.execute(
                "SELECT version(), upper(name), id + 1, count(*) AS n FROM events"
                    + " GROUP BY name, id")) {
      assertThat(result.columnNames()).containsExactly("version", "upper", "?column?", "n");
    }
  }

  @Test
  void emptyCatalogsPruneConstructsTheExecutorLacks() {
    assertThat(
            rows(
                "SELECT pol.polname, array_to_string(array(select rolname from pg_roles"
                    + " where oid = any (pol.polroles) order by 1), ',')"
                    + " FROM pg_catalog.pg_policy pol WHERE pol.polrelid = 1 ORDER BY 1"))
        .isEmpty();
  }

  @Test
  void regexOperatorsMatchAnywhereWithJavaRegex() {
    engine.execute(
        "INSERT INTO events VALUES (1, 'Alpha', 1), (2, 'beta', 2), (3, NULL, 3),"
            + " (4, 'gamma', 4)");
    assertThat(rows("SELECT id FROM events WHERE name ~ 'a$' ORDER BY id"))
        .containsExactly("1", "2", "4");
    assertThat(rows("SELECT id FROM events WHERE name ~ '^a' ORDER BY id")).isEmpty();
    assertThat(rows("SELECT id FROM events WHERE name ~* '^a' ORDER BY id")).containsExactly("1");
    assertThat(rows("SELECT id FROM events WHERE name !~ '^(b|g)' ORDER BY id"))
        .containsExactly("1");
    assertThat(rows("SELECT id FROM events WHERE name !~* 'ALPHA|BETA' ORDER BY id"))
        .containsExactly("4");
    assertThatThrownBy(() -> rows("SELECT id FROM events WHERE name ~ '('"))
        .isInstanceOf(AuroraException.class)
        .satisfies(
            e ->
                assertThat(((AuroraException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_REGULAR_EXPRESSION));
  }
}
