package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transaction state machine of a session, without a connection. */
class TestSessionTransaction {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private SessionTransaction transaction;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE t (a BIGINT)");
    transaction = new SessionTransaction(catalog, 1 << 20);
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private void insert(long value) {
    engine.execute(
        "INSERT INTO t VALUES (" + value + ")",
        new AtomicBoolean(),
        Duration.ZERO,
        transaction.writes());
  }

  private long committedRows() {
    try (QueryResult result = (QueryResult) engine.execute("SELECT count(*) FROM t")) {
      return (Long) result.rows().get(0).get(0);
    }
  }

  private static void assertCommand(
      StatementOutcome.Command command, String tag, @Nullable String warningSqlState) {
    assertThat(command.tag()).isEqualTo(tag);
    CommandResult.Notice notice = command.notice();
    if (warningSqlState == null) {
      assertThat(notice).isNull();
    } else {
      assertThat(notice).isNotNull();
      assertThat(notice.severity()).isEqualTo("WARNING");
      assertThat(notice.sqlState()).isEqualTo(warningSqlState);
    }
  }

  private static void assertFails(Runnable statement, String sqlState, String message) {
    assertThatThrownBy(statement::run)
        .satisfies(
            e -> {
              String state =
                  e instanceof AuroraException aurora
                      ? aurora.errorCode().sqlState()
                      : ((PgSessionException) e).sqlState();
              assertThat(state).isEqualTo(sqlState);
            })
        .hasMessage(message);
  }

  @Test
  void aBlockCommitsItsRowsAndReportsItsStatus() {
    assertThat(transaction.status()).isEqualTo('I');
    assertThat(transaction.writes()).isNull();
    assertCommand(transaction.begin("BEGIN"), "BEGIN", null);
    assertThat(transaction.status()).isEqualTo('T');
    insert(1);
    insert(2);
    assertThat(committedRows()).isZero();
    assertCommand(transaction.commit(), "COMMIT", null);
    assertThat(transaction.status()).isEqualTo('I');
    assertThat(transaction.writes()).isNull();
    assertThat(committedRows()).isEqualTo(2);
  }

  @Test
  void rollbackDiscardsTheRows() {
    transaction.begin("START TRANSACTION");
    insert(1);
    assertCommand(transaction.rollback(), "ROLLBACK", null);
    assertThat(transaction.status()).isEqualTo('I');
    assertThat(committedRows()).isZero();
  }

  @Test
  void aFailedBlockRefusesStatementsAndItsCommitRollsBack() {
    transaction.begin("BEGIN");
    insert(1);
    transaction.fail();
    assertThat(transaction.status()).isEqualTo('E');
    assertFails(
        () -> transaction.checkCanRun(false),
        "25P02",
        "current transaction is aborted, commands ignored until end of transaction block");
    transaction.checkCanRun(true);
    assertFails(() -> transaction.begin("BEGIN"), "25P02", SessionTransaction.IN_FAILED_BLOCK);
    assertFails(() -> transaction.savepoint("s"), "25P02", SessionTransaction.IN_FAILED_BLOCK);
    assertCommand(transaction.commit(), "ROLLBACK", null);
    assertThat(transaction.status()).isEqualTo('I');
    assertThat(committedRows()).isZero();
  }

  @Test
  void beginInABlockAndEndingOutsideOneWarn() {
    assertCommand(transaction.commit(), "COMMIT", "25P01");
    assertCommand(transaction.rollback(), "ROLLBACK", "25P01");
    transaction.begin("BEGIN");
    insert(1);
    assertCommand(transaction.begin("BEGIN"), "BEGIN", "25001");
    assertThat(transaction.status()).isEqualTo('T');
    transaction.commit();
    assertThat(committedRows()).as("the second BEGIN kept the block").isEqualTo(1);
  }

  @Test
  void anImplicitBlockCommitsAtTheEndOrRollsBackOnError() {
    transaction.startImplicit();
    assertThat(transaction.isImplicit()).isTrue();
    assertThat(transaction.status()).isEqualTo('I');
    insert(1);
    assertThat(committedRows()).isZero();
    transaction.endImplicit();
    assertThat(committedRows()).isEqualTo(1);

    transaction.startImplicit();
    insert(2);
    transaction.fail();
    assertThat(transaction.isImplicit()).isFalse();
    transaction.endImplicit();
    assertThat(committedRows()).as("the failed implicit block's row").isEqualTo(1);
  }

  @Test
  void anImplicitBlockEndsWithWarningsOrBecomesAnExplicitBlock() {
    transaction.startImplicit();
    insert(1);
    assertCommand(transaction.commit(), "COMMIT", "25P01");
    assertThat(committedRows()).isEqualTo(1);

    transaction.startImplicit();
    insert(2);
    assertCommand(transaction.rollback(), "ROLLBACK", "25P01");
    transaction.startImplicit();
    insert(3);
    assertCommand(transaction.begin("BEGIN"), "BEGIN", null);
    transaction.endImplicit();
    assertThat(transaction.status()).isEqualTo('T');
    transaction.commit();
    assertThat(committedRows()).as("1, and 3 written before BEGIN").isEqualTo(2);
  }

  @Test
  void catalogChangesInAnImplicitBlockCommitTheRowsBeforeThem() {
    transaction.startImplicit();
    insert(1);
    transaction.commitImplicitWrites();
    assertThat(committedRows()).isEqualTo(1);
    insert(2);
    transaction.fail();
    assertThat(committedRows()).isEqualTo(1);
  }

  @Test
  void savepointsRollBackTheRowsAfterThemAndRecoverAFailedBlock() {
    assertFails(
        () -> transaction.savepoint("a"),
        "25P01",
        "SAVEPOINT can only be used in transaction blocks");
    assertFails(
        () -> transaction.rollbackTo("a"),
        "25P01",
        "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
    transaction.startImplicit();
    assertFails(
        () -> transaction.release("a"),
        "25P01",
        "RELEASE SAVEPOINT can only be used in transaction blocks");
    transaction.fail();

    transaction.begin("BEGIN");
    insert(1);
    assertCommand(transaction.savepoint("a"), "SAVEPOINT", null);
    insert(2);
    assertCommand(transaction.savepoint("b"), "SAVEPOINT", null);
    insert(3);
    transaction.fail();
    assertCommand(transaction.rollbackTo("a"), "ROLLBACK", null);
    assertThat(transaction.status()).isEqualTo('T');
    assertFails(() -> transaction.release("b"), "3B001", "savepoint \"b\" does not exist");
    transaction.fail();
    assertCommand(transaction.rollbackTo("a"), "ROLLBACK", null);
    insert(4);
    assertCommand(transaction.release("a"), "RELEASE", null);
    assertFails(() -> transaction.rollbackTo("a"), "3B001", "savepoint \"a\" does not exist");
    transaction.fail();
    assertCommand(transaction.commit(), "ROLLBACK", null);
    assertThat(committedRows()).isZero();

    transaction.begin("BEGIN");
    insert(1);
    transaction.savepoint("a");
    insert(2);
    transaction.rollbackTo("a");
    insert(3);
    transaction.commit();
    try (QueryResult result = (QueryResult) engine.execute("SELECT a FROM t ORDER BY a")) {
      assertThat(result.rows().toString()).isEqualTo("[[1], [3]]");
    }
  }

  @Test
  void statementsThatMustRunOutsideABlockFailInOne() {
    transaction.preventInBlock("DISCARD ALL");
    transaction.begin("BEGIN");
    assertFails(
        () -> transaction.preventInBlock("DISCARD ALL"),
        "25001",
        "DISCARD ALL cannot run inside a transaction block");
  }

  @Test
  void aCommitThatFailsEndsTheBlock() {
    transaction.begin("BEGIN");
    insert(1);
    engine.execute("DROP TABLE t");
    engine.execute("CREATE TABLE t (a BIGINT)");
    assertFails(
        () -> transaction.commit(),
        "42P01",
        "Table[t] was dropped before the transaction committed");
    assertThat(transaction.status()).isEqualTo('I');
    assertThat(transaction.writes()).isNull();
    assertThat(committedRows()).isZero();
  }

  @Test
  void closingTheSessionDiscardsTheBlock() {
    transaction.begin("BEGIN");
    insert(1);
    transaction.close();
    assertThat(transaction.status()).isEqualTo('I');
    assertThat(transaction.writes()).isNull();
    assertThat(committedRows()).isZero();
  }
}
