package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real clients — psql, psycopg2, psycopg 3, SQLAlchemy with pandas, asyncpg and node-postgres —
 * against a server on an ephemeral loopback port, each running a script whose printed output the
 * test checks. A test whose client is not installed is skipped, unless the environment variable
 * {@code AURORA_REQUIRE_CLIENTS} is {@code 1} (as in CI, whose script installs them), in which case
 * it fails.
 */
@Timeout(180)
class TestPgClients {
  private static final Path TEST_SOURCES = Path.of("src", "test").toAbsolutePath();

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute(
        "CREATE TABLE events (id BIGINT NOT NULL, name VARCHAR, ts TIMESTAMP,"
            + " amount DECIMAL(10, 2))");
    engine.execute("INSERT INTO events VALUES (1, 'a', TIMESTAMP '2024-01-01 00:00:00', 1.50)");
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    catalog.close();
  }

  @Test
  void psqlMetaCommandsAndQueries() throws Exception {
    requireClient("psql", run(List.of("psql", "--version")) != null);
    String output =
        run(
            List.of(
                "psql",
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(server.port()),
                "-U",
                "aurora",
                "-d",
                "aurora",
                "-f",
                TEST_SOURCES.resolve("psql/meta.sql").toString()));
    assertThat(output).isNotNull();
    assertThat(output)
        .contains("List of relations")
        .containsPattern("public \\| events +\\| table \\| aurora")
        .contains("List of databases")
        .containsPattern("aurora +\\| aurora +\\| UTF8")
        .contains("Table \"public.events\"")
        .containsPattern("id +\\| bigint +\\| +\\| not null \\|")
        .containsPattern("name +\\| character varying +\\| +\\| +\\|")
        .containsPattern("ts +\\| timestamp without time zone +\\|")
        .containsPattern("amount +\\| numeric\\(10,2\\) +\\|")
        .contains("List of schemas")
        .containsPattern("public +\\| events +\\| table \\| aurora +\\| permanent")
        .contains("PostgreSQL 16.0 (Aurora 0.1.0)")
        .containsPattern("(?m)^ events$")
        .containsPattern("id +\\| bigint +\\| t")
        .containsPattern("name +\\| character varying +\\| f")
        .containsPattern("ts +\\| timestamp without time zone +\\| f")
        .containsPattern("amount +\\| numeric\\(10,2\\) +\\| f")
        .containsPattern("public \\| named_events \\| view \\| aurora")
        .contains("View \"public.named_events\"")
        .contains("View definition:")
        .contains("SELECT id, name FROM events WHERE name IS NOT NULL")
        .containsPattern("amount +\\| numeric\\(10,2\\) +\\| +\\| +\\| +\\| extended")
        .contains("List of roles")
        .containsPattern("aurora +\\| Superuser, Create role, Create DB \\| \\{\\}")
        .containsPattern("alice +\\| No inheritance +\\| \\{readers\\}")
        .containsPattern("readers +\\| Cannot login +\\| \\{\\}")
        .containsPattern("events +\\| table +\\| aurora=ardD/aurora\\+\\|")
        .containsPattern("readers=r/aurora")
        .contains("List of functions")
        .contains("Access privileges")
        .containsPattern("public +\\| events +\\| table +\\| +\\| +\\| *\n")
        .doesNotContain("information_schema | columns")
        .contains("List of domains")
        .contains("List of conversions")
        .containsPattern("pg_default +\\| aurora")
        .contains("List of event triggers")
        .contains("List of operators")
        .contains("List of casts")
        .contains("List of text search configurations")
        .contains("List of languages")
        .contains("List of foreign servers")
        .contains("Large objects")
        .contains("Expanded display is on.")
        .containsPattern("(?m)^one \\| 1$")
        .contains("Timing is on.")
        .containsPattern("(?m)^Time: [0-9.]+ ms")
        .doesNotContain("ERROR");
  }

  /**
   * SQLAlchemy 1.4's PostgreSQL dialect reflects a table and a view and runs queries with bound
   * parameters, and pandas reads results into data frames (Debian's python3-sqlalchemy and
   * python3-pandas).
   */
  @Test
  void sqlalchemyReflectionAndPandas() throws Exception {
    requireClient(
        "SQLAlchemy, pandas and psycopg2 for /usr/bin/python3",
        Files.isExecutable(Path.of("/usr/bin/python3"))
            && run(List.of("/usr/bin/python3", "-c", "import sqlalchemy, pandas, psycopg2"))
                != null);
    String output =
        run(
            List.of(
                "/usr/bin/python3",
                TEST_SOURCES.resolve("python/reflection.py").toString(),
                String.valueOf(server.port())));
    assertThat(output)
        .isEqualTo(
            String.join(
                "\n",
                "tables ['events']",
                "views ['named_events']",
                "columns [('id', 'BIGINT', False), ('name', 'VARCHAR', True),"
                    + " ('ts', 'TIMESTAMP', True), ('amount', 'NUMERIC(10, 2)', True)]",
                "view columns [('id', 'BIGINT'), ('name', 'VARCHAR')]",
                "primary key []",
                "foreign keys []",
                "indexes []",
                "unique []",
                "schemas ['information_schema', 'public']",
                "has table True False",
                "bound [(1, 'a')]",
                "core 1",
                "pandas (1, 4) ['int64', 'object', 'datetime64[ns]', 'float64'] a",
                "pandas table (1, 4)",
                ""));
  }

  /**
   * asyncpg speaks only the extended protocol with named statements, sending values in the binary
   * types Describe reported (Debian's python3-asyncpg).
   */
  @Test
  void asyncpgPreparedStatementsAndBinaryParameters() throws Exception {
    requireClient(
        "asyncpg for /usr/bin/python3",
        Files.isExecutable(Path.of("/usr/bin/python3"))
            && run(List.of("/usr/bin/python3", "-c", "import asyncpg")) != null);
    String output =
        run(
            List.of(
                "/usr/bin/python3",
                TEST_SOURCES.resolve("python/asyncpg_queries.py").toString(),
                String.valueOf(server.port())));
    assertThat(output)
        .isEqualTo(
            String.join(
                "\n",
                "fetch [(1, 'a')]",
                "prepared 1 0",
                "fetchrow 42 hi",
                "types 2024-01-01 00:00:00 1.50",
                "error 42P01",
                ""));
  }

  @Test
  void psycopg2ParametersCopyAndErrors() throws Exception {
    requireClient(
        "psycopg2 for /usr/bin/python3",
        Files.isExecutable(Path.of("/usr/bin/python3"))
            && run(List.of("/usr/bin/python3", "-c", "import psycopg2")) != null);
    String output =
        run(
            List.of(
                "/usr/bin/python3",
                TEST_SOURCES.resolve("python/queries.py").toString(),
                String.valueOf(server.port())));
    assertThat(output)
        .isEqualTo(
            String.join(
                "\n",
                "row 1 it's 2.5 2024-02-29",
                "row 2 plain None None",
                "count 1",
                "column id bigint",
                "column label character varying",
                "column price double precision",
                "column day date",
                "copied 2",
                "csv 3,\"a, b\",1.25",
                "csv 4,,",
                "error 42P01",
                ""));
  }

  @Test
  void nodePostgresParametersAndMultipleStatements() throws Exception {
    Path script = TEST_SOURCES.resolve("node/queries.js");
    requireClient(
        "node with the pg package (npm ci in src/test/node)",
        run(List.of("node", "--version")) != null
            && Files.isDirectory(TEST_SOURCES.resolve("node/node_modules/pg")));
    String output = run(List.of("node", script.toString(), String.valueOf(server.port())));
    assertThat(output)
        .isEqualTo(
            String.join(
                "\n",
                "row 1 apple 1.5",
                "row 2 pear null",
                "multi 2 2 pear",
                "version PostgreSQL aurora",
                "error 42P01",
                ""));
  }

  /**
   * psycopg 3 binds parameters on the server; with {@code prepare=True} it keeps named statements,
   * which the engine plans once: twenty executions of one query plan it once.
   */
  @Test
  void psycopgPreparedStatements() throws Exception {
    requireClient(
        "psycopg (3) for /usr/bin/python3",
        Files.isExecutable(Path.of("/usr/bin/python3"))
            && run(List.of("/usr/bin/python3", "-c", "import psycopg")) != null);
    long plannedBefore = engine.plannedStatements();
    String output =
        run(
            List.of(
                "/usr/bin/python3",
                TEST_SOURCES.resolve("python/prepared.py").toString(),
                String.valueOf(server.port())));
    assertThat(output)
        .isEqualTo(
            String.join(
                "\n",
                "counts 165",
                "groups [('item-0', 3), ('item-1', 2), ('item-2', 2), ('item-3', 3)]",
                "before [(3, 'item-3')]",
                "after [(100, 'late')]",
                "error 22P02",
                ""));
    // Forty-two statements, of which the twenty counts share a plan, as do the three lookups.
    assertThat(engine.plannedStatements() - plannedBefore).isLessThan(30);
  }

  /**
   * node-postgres's named statements: planned once, planned again after ALTER TABLE ADD COLUMN, and
   * refused (0A000, as PostgreSQL does) when that changes a {@code SELECT *}'s columns.
   */
  @Test
  void nodePostgresPreparedStatements() throws Exception {
    Path script = TEST_SOURCES.resolve("node/prepared.js");
    requireClient(
        "node with the pg package (npm ci in src/test/node)",
        run(List.of("node", "--version")) != null
            && Files.isDirectory(TEST_SOURCES.resolve("node/node_modules/pg")));
    long plannedBefore = engine.plannedStatements();
    String output = run(List.of("node", script.toString(), String.valueOf(server.port())));
    assertThat(output)
        .isEqualTo(
            String.join(
                "\n",
                "counts 77",
                "star [{\"id\":\"2\",\"label\":\"label-2\"}]",
                "after 7",
                "error 0A000 cached plan must not change result type",
                ""));
    assertThat(engine.plannedStatements() - plannedBefore).isLessThan(30);
  }

  private static void requireClient(String client, boolean isInstalled) {
    if (isInstalled) {
      return;
    }
    if ("1".equals(System.getenv("AURORA_REQUIRE_CLIENTS"))) {
      fail("Client[" + client + "] is not installed, and AURORA_REQUIRE_CLIENTS=1 requires it");
    }
    Assumptions.abort("Client[" + client + "] is not installed");
  }

  /** Runs a command; its standard output, or null when it cannot start or exits non-zero. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(new ArrayList<>(command))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      return null;
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("Command " + command + " did not finish");
    }
    return process.exitValue() == 0 ? output : null;
  }
}
