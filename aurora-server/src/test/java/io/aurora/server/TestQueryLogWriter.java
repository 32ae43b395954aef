package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.FinishedStatement;
import io.aurora.sql.engine.StatementListener;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.TableSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query log's writer: a batch whose write fails is written again with the same sequence, so it
 * lands once; entries still unwritten when the node stops are counted as dropped. The flush
 * interval is an hour, so only the test flushes.
 */
class TestQueryLogWriter {
  @TempDir Path directory;

  /** A catalog over local storage whose query log table fails its first {@code failures} writes. */
  private static Catalog failingWrites(
      LocalCatalog local, AtomicInteger failures, List<Long> sequences) {
    return (Catalog)
        Proxy.newProxyInstance(
            Catalog.class.getClassLoader(),
            new Class<?>[] {Catalog.class},
            (proxy, method, arguments) -> {
              if (method.getName().equals("createTable") && arguments.length == 4) {
                // Local storage has no retention: create the table without it.
                local.createTable(
                    (String) arguments[0], (TableSchema) arguments[1], (Boolean) arguments[3]);
                return null;
              }
              if (method.getName().equals("retentionMicros")) {
                return Duration.ofDays(7).toNanos() / 1000;
              }
              Object result = invoke(method, local, arguments);
              if (method.getName().equals("table") && result != null) {
                return failingAppends((Table) result, failures, sequences);
              }
              return result;
            });
  }

  private static Table failingAppends(Table table, AtomicInteger failures, List<Long> sequences) {
    return (Table)
        Proxy.newProxyInstance(
            Table.class.getClassLoader(),
            new Class<?>[] {Table.class},
            (proxy, method, arguments) -> {
              if (method.getName().equals("append") && arguments.length == 3) {
                sequences.add((Long) arguments[2]);
                if (failures.getAndDecrement() > 0) {
                  // As a write whose outcome is unknown: it was applied, the caller heard nothing.
                  invoke(method, table, arguments);
                  throw new AuroraException(ErrorCode.UNAVAILABLE, "no leader");
                }
              }
              return invoke(method, table, arguments);
            });
  }

  private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static FinishedStatement statement(long queryId) {
    return new FinishedStatement(
        queryId,
        StatementListener.Kind.QUERY,
        "SELECT " + queryId,
        new CurrentSession.Client("pgwire", 7, "aurora", "127.0.0.1"),
        1_000_000L * queryId,
        1000,
        1,
        ScanStatistics.Snapshot.ZERO,
        0,
        0,
        null,
        null);
  }

  @Test
  void retriesAFailedBatchUnderItsSequenceSoItLandsOnce() {
    AtomicInteger failures = new AtomicInteger(1);
    List<Long> sequences = new ArrayList<>();
    try (LocalCatalog local = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      QueryLog log =
          new QueryLog(
              failingWrites(local, failures, sequences),
              "n1",
              new QueryLog.Config(Duration.ofDays(7), Duration.ZERO, Duration.ofHours(1)));
      try {
        log.createTable();
        log.statementFinished(statement(1));
        log.statementFinished(statement(2));
        log.flush(); // fails after the write was applied
        log.statementFinished(statement(3));
        log.flush(); // the same batch again (a duplicate), then the new entry
      } finally {
        log.close();
      }
      assertThat(sequences).containsExactly(1L, 1L, 2L);
      assertThat(log.writtenEntries()).isEqualTo(3);
      assertThat(log.droppedEntries()).isZero();
      Table table = local.table(SystemSchemas.QUERY_LOG_TABLE);
      assertThat(table).isNotNull();
      assertThat(table.rowCount()).isEqualTo(3);
    }
  }

  @Test
  void countsWhatIsUnwrittenAtCloseAsDropped() {
    AtomicInteger failures = new AtomicInteger(Integer.MAX_VALUE);
    try (LocalCatalog local = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      QueryLog log =
          new QueryLog(
              failingWrites(local, failures, new ArrayList<>()),
              "n1",
              new QueryLog.Config(Duration.ofDays(7), Duration.ZERO, Duration.ofHours(1)));
      log.statementFinished(statement(1));
      log.statementFinished(statement(2));
      log.close();
      assertThat(log.writtenEntries()).isZero();
      assertThat(log.droppedEntries()).isEqualTo(2);
    }
  }

  @Test
  void keepsNothingWhenTurnedOff() {
    try (LocalCatalog local = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      QueryLog log =
          new QueryLog(
              local, "n1", new QueryLog.Config(Duration.ZERO, Duration.ZERO, Duration.ofHours(1)));
      log.createTable();
      log.statementFinished(statement(1));
      log.close();
      assertThat(local.table(SystemSchemas.QUERY_LOG_TABLE)).isNull();
      assertThat(log.writtenEntries() + log.droppedEntries()).isZero();
    }
  }
}
