package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE and TRUNCATE as PostgreSQL users write them: conditions on the table's columns (constant
 * expressions included), the rows-deleted count in the tag, clear errors for what storage cannot
 * evaluate, and transaction blocks that see their own deletes and apply them at COMMIT only.
 */
class TestDeletes {
  private static final long MAX_BYTES = 64L << 20;

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(2));
    engine.execute(
        "CREATE TABLE events (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, name VARCHAR,"
            + " amount DECIMAL(10, 2)) PARTITION BY DAY (ts) WITH (shards = 3)");
    engine.execute(
        "INSERT INTO events SELECT TIMESTAMP '2026-11-01 00:00:00' + (x % 10) * INTERVAL '1' DAY,"
            + " x, CASE WHEN x % 7 = 0 THEN NULL ELSE 'name-' || CAST(x % 13 AS VARCHAR) END,"
            + " CAST(x AS DECIMAL(10, 2)) / 4 FROM generate_series(1, 1000) AS g(x)");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private StatementResult execute(String sql, @Nullable PendingWrites block) {
    return engine.execute(sql, new AtomicBoolean(), Duration.ZERO, block);
  }

  private String tag(String sql, @Nullable PendingWrites block) {
    return ((CommandResult) execute(sql, block)).commandTag();
  }

  private long count(String where, @Nullable PendingWrites block) {
    return (Long)
        ((QueryResult) execute("SELECT count(*) FROM events WHERE " + where, block))
            .rows()
            .get(0)
            .get(0);
  }

  @Test
  void deletesWhatTheConditionSelectsAndReportsHowMany() {
    String[] conditions = {
      "id <= 100",
      "id BETWEEN 200 AND 250 OR name = 'name-3'",
      "id IN (300, 301, 302, 5000)",
      "id >= 400 AND id < 420",
      "ts >= '2026-11-05' AND ts < '2026-11-06' AND id > 700",
      "id < 30 OR id > 980 OR (id > 500 AND id < 510)",
      "name IS NULL AND amount > 200",
      "NOT (id > 20) OR name LIKE 'name-1%'",
      "ts < TIMESTAMP '2026-11-03 00:00:00' AND id > 900",
      "amount >= 249.75",
      "id % 2 = 0 OR id = 999",
    };
    for (String condition : conditions) {
      if (condition.startsWith("id % 2")) {
        // A function of a column is not evaluated by storage: a clear error, nothing deleted.
        long before = count("true", null);
        assertThatThrownBy(() -> execute("DELETE FROM events WHERE " + condition, null))
            .isInstanceOfSatisfying(
                AuroraException.class,
                e -> {
                  assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED);
                  assertThat(e.getMessage()).contains("id");
                });
        assertThat(count("true", null)).isEqualTo(before);
        continue;
      }
      long matching = count(condition, null);
      long before = count("true", null);
      assertThat(tag("DELETE FROM events WHERE " + condition, null))
          .as(condition)
          .isEqualTo("DELETE " + matching);
      assertThat(count(condition, null)).as(condition).isZero();
      assertThat(count("true", null)).as(condition).isEqualTo(before - matching);
    }
    assertThat(tag("DELETE FROM events WHERE 1 = 0", null)).isEqualTo("DELETE 0");
    long left = count("true", null);
    assertThat(left).isPositive();
    assertThat(tag("DELETE FROM events", null)).isEqualTo("DELETE " + left);
    assertThat(count("true", null)).isZero();
  }

  @Test
  void constantExpressionsInTheConditionAreEvaluatedOnce() {
    engine.execute("INSERT INTO events VALUES (now() - INTERVAL '1 hour', 5000, 'recent', 1)");
    long old = count("ts < now() - INTERVAL '2 days'", null);
    assertThat(old).isEqualTo(1000);
    assertThat(tag("DELETE FROM events WHERE ts < now() - INTERVAL '2 days'", null))
        .isEqualTo("DELETE 1000");
    assertThat(count("true", null)).isEqualTo(1);
  }

  @Test
  void truncateEmptiesTables() {
    engine.execute("CREATE TABLE other (x BIGINT)");
    engine.execute("INSERT INTO other VALUES (1), (2)");
    assertThat(tag("TRUNCATE TABLE events, other RESTART IDENTITY", null))
        .isEqualTo("TRUNCATE TABLE");
    assertThat(count("true", null)).isZero();
    assertThat(((QueryResult) execute("SELECT count(*) FROM other", null)).rows().get(0).get(0))
        .isEqualTo(0L);
    assertThatThrownBy(() -> execute("TRUNCATE missing", null))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_TABLE));
  }

  @Test
  void viewsSystemTablesAndUpdateAreRefused() {
    engine.execute("CREATE VIEW recent AS SELECT * FROM events WHERE id > 10");
    for (String sql :
        List.of(
            "DELETE FROM recent WHERE id = 11",
            "DELETE FROM system.nodes",
            "UPDATE events SET name = 'x' WHERE id = 1",
            "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id < 3)")) {
      assertThatThrownBy(() -> execute(sql, null))
          .as(sql)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
    }
    assertThat(count("true", null)).isEqualTo(1000);
  }

  @Test
  void aBlockSeesItsDeletesAndAppliesThemAtCommitOnly() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    assertThat(
            tag(
                "INSERT INTO events VALUES (TIMESTAMP '2026-11-05 00:00:00', 2001, 'x', 1),"
                    + " (TIMESTAMP '2026-11-05 00:00:00', 2002, 'y', 2)",
                block))
        .isEqualTo("INSERT 0 2");
    // Deletes committed rows and the block's own rows alike.
    assertThat(tag("DELETE FROM events WHERE id > 990", block)).isEqualTo("DELETE 12");
    assertThat(count("id > 990", block)).isZero();
    assertThat(count("id > 990", null)).as("another session").isEqualTo(10);
    int savepoint = block.mark();
    assertThat(tag("DELETE FROM events WHERE id <= 10", block)).isEqualTo("DELETE 10");
    assertThat(tag("INSERT INTO events VALUES (TIMESTAMP '2026-11-05 00:00:00', 3, 'z', 3)", block))
        .isEqualTo("INSERT 0 1");
    // A row written after the delete stays.
    assertThat(count("id <= 10", block)).isEqualTo(1);
    block.rollbackTo(savepoint);
    assertThat(count("id <= 10", block)).as("rolled back to the savepoint").isEqualTo(10);
    assertThat(tag("TRUNCATE events", block)).isEqualTo("TRUNCATE TABLE");
    assertThat(count("true", block)).isZero();
    assertThat(
            tag(
                "INSERT INTO events VALUES (TIMESTAMP '2026-11-05 00:00:00', 7, 'after', 3)",
                block))
        .isEqualTo("INSERT 0 1");
    assertThat(count("true", null)).isEqualTo(1000);
    block.commit(catalog);
    assertThat(count("true", null)).isEqualTo(1);
    assertThat(count("id = 7", null)).isEqualTo(1);
  }

  @Test
  void aBlockThatRollsBackDeletesNothing() {
    PendingWrites block = new PendingWrites(MAX_BYTES);
    execute("DELETE FROM events WHERE id < 500", block);
    assertThat(count("true", block)).isEqualTo(501);
    block.discard();
    assertThat(count("true", null)).isEqualTo(1000);
  }
}
