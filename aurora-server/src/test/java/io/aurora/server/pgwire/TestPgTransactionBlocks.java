package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.RecordingCatalog;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transaction blocks on the wire, where Aurora is checked on its own: what differs from PostgreSQL
 * by design (catalog changes in a block), the limit of a block's rows, and that COPY and COMMIT
 * write through one write transaction each. {@code TestPgTransactionsAgainstPostgres} compares the
 * rest with PostgreSQL.
 */
@Timeout(120)
class TestPgTransactionBlocks {
  private static final long MAX_BYTES = 256 * 1024;
  private static final String FAILED =
      "ERROR 25P02 current transaction is aborted, commands ignored until end of transaction block";

  @TempDir Path directory;
  private LocalCatalog local;
  private RecordingCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    local = new LocalCatalog(directory.resolve("tables"), StorageConfig.DEFAULT);
    catalog = new RecordingCatalog(local);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE t (a BIGINT, b VARCHAR)");
    server = new PgWireServer(engine, PgWireConfig.DEFAULT, new TransactionConfig(MAX_BYTES));
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    local.close();
  }

  private WireSession connect() throws IOException {
    return new WireSession(server.port());
  }

  @Test
  void catalogChangesInABlockTakeEffectAtOnceWithAWarning() throws IOException {
    String warning =
        " took effect at once, outside the transaction block: Aurora's catalog changes are not"
            + " transactional, and ROLLBACK does not undo it";
    try (WireSession session = connect()) {
      session.query("BEGIN");
      session.query("INSERT INTO t VALUES (1, 'x')");
      assertThat(session.query("CREATE TABLE u (a INTEGER)"))
          .containsExactlyInAnyOrder(
              "WARNING 01000 CREATE TABLE" + warning, "CREATE TABLE", "status T");
      assertThat(session.query("INSERT INTO u VALUES (7)")).contains("status T");
      assertThat(session.query("SELECT count(*) FROM t")).contains("row 1");
      assertThat(session.query("ROLLBACK")).containsExactly("ROLLBACK", "status I");
      // The table stays; the rows written in the block do not.
      assertThat(local.tableNames()).containsExactly("t", "u");
      assertThat(session.query("SELECT count(*) FROM u")).contains("row 0");
      assertThat(session.query("SELECT count(*) FROM t")).contains("row 0");

      session.query("BEGIN");
      session.query("INSERT INTO t VALUES (2, 'y')");
      assertThat(session.execute("ALTER TABLE t ADD COLUMN c INTEGER"))
          .contains("WARNING 01000 ALTER TABLE" + warning, "status T");
      assertThat(session.query("COMMIT")).containsExactly("COMMIT", "status I");
      assertThat(session.query("SELECT a, c FROM t")).contains("row 2|null");
      assertThat(local.table("t").schema().columnCount()).isEqualTo(3);
      session.query("DROP TABLE u");
      session.query("BEGIN");
      assertThat(session.query("SHOW TABLES")).containsExactly("row t", "SELECT 1", "status T");
      assertThat(session.query("SET application_name = 'in a block'"))
          .containsExactly("SET", "status T");
      session.query("ROLLBACK");
      assertThat(session.query("SHOW application_name"))
          .as("settings are not transactional")
          .containsExactly("row in a block", "SHOW 1", "status I");
    }
  }

  @Test
  void inAQueryOfSeveralACatalogChangeCommitsTheWritesBeforeIt() throws IOException {
    try (WireSession session = connect()) {
      assertThat(
              session.query(
                  "INSERT INTO t VALUES (1, 'kept'); CREATE TABLE u (a INTEGER);"
                      + " INSERT INTO u VALUES (1); SELECT 1/0"))
          .containsExactly("INSERT 0 1", "CREATE TABLE", "INSERT 0 1", "ERROR 22012", "status I");
      assertThat(session.query("SELECT b FROM t"))
          .containsExactly("row kept", "SELECT 1", "status I");
      assertThat(session.query("SELECT count(*) FROM u"))
          .containsExactly("row 0", "SELECT 1", "status I");
    }
  }

  @Test
  void aBlockPastItsLimitFailsWithProgramLimitExceeded() throws IOException {
    try (WireSession session = connect()) {
      session.query("BEGIN");
      assertThat(session.query("INSERT INTO t VALUES (1, 'small')"))
          .containsExactly("INSERT 0 1", "status T");
      List<String> reply =
          session.query("INSERT INTO t SELECT x, 'large' FROM generate_series(1, 100000) s(x)");
      assertThat(reply).hasSize(2);
      assertThat(reply.get(0)).isEqualTo("ERROR 54000");
      assertThat(reply.get(1)).isEqualTo("status E");
      assertThat(session.query("COMMIT")).containsExactly("ROLLBACK", "status I");
    }
    assertThat(local.table("t").rowCount()).isZero();
  }

  /**
   * A COPY's pages are appended on a thread of their own while the next is parsed: the block's
   * limit, reached in one of those appends, still fails the COPY with 54000 and keeps nothing.
   */
  @Test
  void aCopyPastTheBlocksLimitFailsWithProgramLimitExceeded() throws IOException {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 150_000; i++) {
      data.append(i).append("\trow\n");
    }
    try (WireSession session = connect()) {
      session.query("BEGIN");
      assertThat(session.copyIn("COPY t FROM STDIN", data.toString()))
          .containsExactly("ERROR 54000", "status E");
      assertThat(session.query("COMMIT")).containsExactly("ROLLBACK", "status I");
      assertThat(session.copyIn("COPY t FROM STDIN", "1\ta\n"))
          .containsExactly("COPY 1", "status I");
    }
    assertThat(local.table("t").rowCount()).isEqualTo(1);
  }

  @Test
  void aCommitWritesTheWholeBlockWithOneWriteTransaction() throws IOException {
    try (WireSession session = connect();
        WireSession other = connect()) {
      assertThat(session.query("BEGIN")).containsExactly("BEGIN", "status T");
      assertThat(session.query("INSERT INTO t VALUES (1, 'a')"))
          .containsExactly("INSERT 0 1", "status T");
      assertThat(session.execute("INSERT INTO t SELECT a + 1, b FROM t"))
          .containsExactly("INSERT 0 1", "status T");
      assertThat(session.copyIn("COPY t FROM STDIN", "3\tc\n4\td\n"))
          .containsExactly("COPY 2", "status T");
      assertThat(session.query("SELECT count(*) FROM t"))
          .containsExactly("row 4", "SELECT 1", "status T");
      assertThat(other.query("SELECT count(*) FROM t"))
          .containsExactly("row 0", "SELECT 1", "status I");
      int begun = catalog.begun();
      int committed = catalog.committed();
      assertThat(session.query("COMMIT")).containsExactly("COMMIT", "status I");
      assertThat(catalog.begun() - begun).isEqualTo(1);
      assertThat(catalog.committed() - committed).isEqualTo(1);
      assertThat(other.query("SELECT a FROM t ORDER BY a"))
          .containsExactly("row 1", "row 2", "row 3", "row 4", "SELECT 4", "status I");
    }
  }

  @Test
  void aCopyOutsideABlockIsOneWriteTransactionOfManyPages() throws IOException {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 150_000; i++) {
      data.append(i).append("\trow\n");
    }
    Path file = directory.resolve("rows.tsv");
    Files.writeString(file, data, StandardCharsets.UTF_8);
    try (WireSession session = connect()) {
      int begun = catalog.begun();
      int pages = catalog.appendedPages();
      assertThat(session.copyIn("COPY t FROM STDIN", data.toString()))
          .containsExactly("COPY 150000", "status I");
      assertThat(catalog.begun() - begun).isEqualTo(1);
      assertThat(catalog.appendedPages() - pages).isGreaterThan(2);

      begun = catalog.begun();
      assertThat(session.query("COPY t FROM '" + file + "'"))
          .containsExactly("COPY 150000", "status I");
      assertThat(catalog.begun() - begun).isEqualTo(1);
      assertThat(session.query("SELECT count(*) FROM t"))
          .containsExactly("row 300000", "SELECT 1", "status I");
    }
  }

  @Test
  void aDroppedConnectionDiscardsItsBlock() throws IOException {
    int committed = catalog.committed();
    try (RawPgClient.RawClient client = new RawPgClient.RawClient(server.port())) {
      client.startup();
      client.send('Q', RawPgClient.RawClient.string("BEGIN; INSERT INTO t VALUES (1, 'lost')"));
      assertThat(client.read().type()).isEqualTo('C');
      assertThat(client.read().type()).isEqualTo('C');
      assertThat(client.read().body()).containsExactly((byte) 'T');
      // Closed without Terminate, as a client that dies does.
    }
    try (WireSession other = connect()) {
      assertThat(other.query("SELECT count(*) FROM t"))
          .containsExactly("row 0", "SELECT 1", "status I");
    }
    assertThat(catalog.committed()).isEqualTo(committed);
  }

  @Test
  void discardAllCannotRunInABlock() throws IOException {
    try (WireSession session = connect()) {
      session.query("BEGIN");
      assertThat(session.query("DISCARD ALL"))
          .containsExactly(
              "ERROR 25001 DISCARD ALL cannot run inside a transaction block", "status E");
      session.query("ROLLBACK");
      assertThat(session.query("DISCARD ALL")).containsExactly("DISCARD ALL", "status I");
    }
  }
}
