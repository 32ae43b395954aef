package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.sql.testing.RecordingCatalog;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.DataType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements of a transaction block ({@link PendingWrites}): their rows stay in the block, the
 * block's own statements read them, other statements do not, and COMMIT writes them with one write
 * transaction; and statements outside a block, each atomic through one write transaction.
 */
class TestTransactionBlocks {
  private static final long MAX_BYTES = 64L << 20;

  @TempDir Path directory;
  private LocalCatalog local;
  private RecordingCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    local = new LocalCatalog(directory, StorageConfig.DEFAULT);
    catalog = new RecordingCatalog(local);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(2));
    engine.execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR)");
    engine.execute("INSERT INTO t VALUES (1, 'committed')");
  }

  @AfterEach
  void stop() {
    engine.close();
    local.close();
  }

  private StatementResult execute(String sql, @Nullable PendingWrites block) {
    return engine.execute(sql, new AtomicBoolean(), Duration.ZERO, block);
  }

  private List<List<Object>> query(String sql, @Nullable PendingWrites block) {
    return ((QueryResult) execute(sql, block)).rows();
  }

  private long count(String sql, @Nullable PendingWrites block) {
    return (Long) query(sql, block).get(0).get(0);
  }

  @Test
  void theBlocksRowsAreReadByItsStatementsOnlyUntilItCommits() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    CommandResult inserted =
        (CommandResult) execute("INSERT INTO t VALUES (2, 'pending'), (3, NULL)", block);
    assertThat(inserted.commandTag()).isEqualTo("INSERT 0 2");
    assertThat(block.isEmpty()).isFalse();

    String countAll = "SELECT count(*) FROM t";
    assertThat(count(countAll, block)).isEqualTo(3);
    assertThat(count(countAll, null)).as("another session").isEqualTo(1);
    assertThat(count(countAll, block)).as("the cached plan, read in the block").isEqualTo(3);
    assertThat(query("SELECT a FROM t WHERE b = 'pending'", block)).containsExactly(List.of(2L));
    assertThat(query("SELECT a FROM t WHERE b = 'pending'", null)).isEmpty();
    assertThat(query("SELECT b, count(*) FROM t GROUP BY b ORDER BY b", block))
        .containsExactly(List.of("committed", 1L), List.of("pending", 1L), nullAndCount(1));
    assertThat(
            query("SELECT x.a FROM t x JOIN t y ON x.a = y.a + 1 ORDER BY x.a", block).toString())
        .isEqualTo("[[2], [3]]");

    int begun = catalog.begun();
    block.commit(catalog);
    assertThat(catalog.begun() - begun).as("write transactions of the commit").isEqualTo(1);
    assertThat(block.isEmpty()).isTrue();
    assertThat(count(countAll, null)).isEqualTo(3);
    assertThat(count(countAll, block)).as("committed rows are not read twice").isEqualTo(3);
  }

  private static List<Object> nullAndCount(long count) {
    List<Object> row = new ArrayList<>();
    row.add(null);
    row.add(count);
    return row;
  }

  @Test
  void preparedQueriesReadTheBlockOfTheirRunOnly() {
    PreparedQuery prepared =
        engine.prepare("SELECT count(*) FROM t WHERE a >= $1", Arrays.asList((DataType) null));
    assertThat(prepared).isNotNull();
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (5, 'pending')", block);
    List<@Nullable String> values = List.of("0");
    assertThat(
            engine
                .execute(prepared, values, new AtomicBoolean(), Duration.ZERO, block)
                .rows()
                .get(0))
        .containsExactly(2L);
    assertThat(engine.execute(prepared, values, new AtomicBoolean()).rows().get(0))
        .containsExactly(1L);
  }

  @Test
  void anInsertSelectInABlockReadsTheBlockButNotItsOwnRows() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (2, 'pending')", block);
    CommandResult doubled = (CommandResult) execute("INSERT INTO t SELECT a + 10, b FROM t", block);
    assertThat(doubled.rowCount()).isEqualTo(2);
    assertThat(query("SELECT a FROM t ORDER BY a", block).toString())
        .isEqualTo("[[1], [2], [11], [12]]");
    assertThat(count("SELECT count(*) FROM t", null)).isEqualTo(1);
  }

  @Test
  void aFailingStatementLeavesNothingInTheBlock() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (2, 'kept')", block);
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO t SELECT x, 'lost' FROM generate_series(1, 100000) AS s(x)"
                        + " WHERE 1 / (x - 99999) <> 7",
                    block))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DIVISION_BY_ZERO));
    assertThat(query("SELECT b, count(*) FROM t GROUP BY b ORDER BY b", block).toString())
        .isEqualTo("[[committed, 1], [kept, 1]]");
  }

  @Test
  void anInsertOutsideABlockIsOneWriteTransactionWhateverItsPages() {
    int begun = catalog.begun();
    int committed = catalog.committed();
    int pages = catalog.appendedPages();
    CommandResult inserted =
        (CommandResult)
            execute("INSERT INTO t SELECT x, 'many' FROM generate_series(1, 100000) AS s(x)", null);
    assertThat(inserted.rowCount()).isEqualTo(100_000);
    assertThat(catalog.begun() - begun).isEqualTo(1);
    assertThat(catalog.committed() - committed).isEqualTo(1);
    assertThat(catalog.appendedPages() - pages).as("pages appended").isGreaterThan(1);
    assertThat(count("SELECT count(*) FROM t", null)).isEqualTo(100_001);

    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO t SELECT x, 'lost' FROM generate_series(1, 100000) AS s(x)"
                        + " WHERE 1 / (x - 99999) <> 7",
                    null))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DIVISION_BY_ZERO));
    assertThat(count("SELECT count(*) FROM t WHERE b = 'lost'", null))
        .as("rows of the pages before the failing one")
        .isZero();
  }

  @Test
  void aBadRowFailsItsInsertNotTheCommit() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    assertThatThrownBy(() -> execute("INSERT INTO t VALUES (NULL, 'x')", block))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION));
    assertThat(block.isEmpty()).isTrue();
  }

  @Test
  void writesPastTheLimitFailWithProgramLimitExceeded() {
    PendingWrites block = new PendingWrites(64 * 1024);
    execute("INSERT INTO t VALUES (2, 'small')", block);
    long before = block.bytes();
    assertThat(before).isPositive();
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO t SELECT x, 'large' FROM generate_series(1, 100000) AS s(x)",
                    block))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.PROGRAM_LIMIT_EXCEEDED);
              assertThat(e.errorCode().sqlState()).isEqualTo("54000");
              assertThat(e.getMessage()).contains("65536 bytes", "transaction.max-bytes");
            });
    assertThat(block.bytes()).as("the failed statement's rows are gone").isEqualTo(before);
    assertThat(count("SELECT count(*) FROM t", block)).isEqualTo(2);
  }

  @Test
  void aBlockHoldsTheBytesOfItsRowsNotOfTheArraysTheyCameIn() {
    BlockBuilder.LongBuilder numbers =
        (BlockBuilder.LongBuilder) BlockBuilder.forType(DataType.BIGINT, 65_536);
    numbers.append(2);
    BlockBuilder names = BlockBuilder.forType(DataType.VARCHAR, 65_536);
    ((BlockBuilder.VarcharBuilder) names).append("spare capacity");
    Page page = new Page(1, numbers.build(), names.build());
    assertThat(page.retainedBytes()).isGreaterThan(500_000);

    PendingWrites block = new PendingWrites(MAX_BYTES);
    try (WriteTransaction write = block.beginStatement()) {
      write.append(local.table("t"), page);
      write.commit();
    }
    assertThat(block.bytes()).isLessThan(1024);
    assertThat(query("SELECT a, b FROM t WHERE a > 1", block).toString())
        .isEqualTo("[[2, spare capacity]]");
  }

  @Test
  void statementsThatChangeTheCatalogCannotRunInABlock() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    assertThat(engine.catalogChange("CREATE TABLE u (a INTEGER);")).isEqualTo("CREATE TABLE");
    assertThat(engine.catalogChange("drop view v")).isEqualTo("DROP VIEW");
    assertThat(engine.catalogChange("CHECKPOINT")).isEqualTo("CHECKPOINT");
    assertThat(engine.catalogChange("SHOW TABLES")).isNull();
    assertThat(engine.catalogChange("CREATE INDEX i ON t (a)")).isNull();
    assertThat(engine.catalogChange("SELECT 1")).isNull();
    for (String ddl :
        List.of(
            "CREATE TABLE u (a INTEGER)",
            "ALTER TABLE t ADD COLUMN c INTEGER",
            "DROP TABLE t",
            "CREATE VIEW v AS SELECT a FROM t",
            "CHECKPOINT")) {
      String command = engine.catalogChange(ddl);
      assertThatThrownBy(() -> execute(ddl, block))
          .as(ddl)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> {
                assertThat(e.errorCode().sqlState()).isEqualTo("25001");
                assertThat(e.getMessage())
                    .isEqualTo(command + " cannot run inside a transaction block");
              });
    }
    assertThat(local.tableNames()).containsExactly("t");
    assertThat(local.table("t").schema().columnCount()).isEqualTo(2);
    assertThat(query("SHOW TABLES", block)).containsExactly(List.of("t"));
  }

  @Test
  void rowsWrittenBeforeAnotherSessionAddedAColumnReadItAsNull() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (2, 'before')", block);
    execute("ALTER TABLE t ADD COLUMN c INTEGER", null);
    execute("INSERT INTO t VALUES (3, 'after', 30)", block);
    assertThat(query("SELECT a, c FROM t WHERE a > 1 ORDER BY a", block).toString())
        .isEqualTo("[[2, null], [3, 30]]");
    assertThat(count("SELECT count(*) FROM t WHERE c IS NULL", block)).isEqualTo(2);
    block.commit(catalog);
    assertThat(query("SELECT a, c FROM t ORDER BY a", null).toString())
        .isEqualTo("[[1, null], [2, null], [3, 30]]");
  }

  @Test
  void aTableDroppedAndCreatedAgainFailsTheCommitAndKeepsNothing() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (2, 'lost')", block);
    execute("DROP TABLE t", null);
    execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR)", null);
    assertThat(count("SELECT count(*) FROM t", block)).as("the new table's rows").isZero();
    assertThatThrownBy(() -> block.commit(catalog))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_TABLE);
              assertThat(e.getMessage())
                  .isEqualTo("Table[t] was dropped before the transaction committed");
            });
    assertThat(block.isEmpty()).isTrue();
    assertThat(count("SELECT count(*) FROM t", null)).isZero();
  }

  @Test
  void rollingBackToAMarkDropsTheRowsWrittenAfterIt() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (2, 'kept')", block);
    int mark = block.mark();
    long bytes = block.bytes();
    execute("INSERT INTO t VALUES (3, 'dropped'), (4, 'dropped')", block);
    block.rollbackTo(mark);
    assertThat(block.bytes()).isEqualTo(bytes);
    assertThat(query("SELECT a FROM t ORDER BY a", block).toString()).isEqualTo("[[1], [2]]");
    block.discard();
    assertThat(block.isEmpty()).isTrue();
    assertThat(block.bytes()).isZero();
    assertThat(count("SELECT count(*) FROM t", block)).isEqualTo(1);
  }

  @Test
  void explainAnalyzeCountsTheBlocksRows() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("INSERT INTO t VALUES (2, 'pending'), (3, 'pending')", block);
    String plan = query("EXPLAIN ANALYZE SELECT a FROM t", block).toString();
    assertThat(plan).containsPattern("Scan.*rows=3");
  }
}
