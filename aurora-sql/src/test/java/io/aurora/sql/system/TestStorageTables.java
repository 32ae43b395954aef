package io.aurora.sql.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code system.tables}, {@code system.partitions}, {@code system.segments} and {@code
 * system.columns} agree with the table's rows, with what CHECKPOINT sealed and with what DELETE
 * removed.
 */
class TestStorageTables {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(2));
    engine.execute(
        "CREATE TABLE events (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, country VARCHAR)"
            + " PARTITION BY DAY (ts) WITH (shards = 2)");
    engine.execute(
        "INSERT INTO events SELECT TIMESTAMP '2026-11-01 00:00:00' + (x % 3) * INTERVAL '1' DAY,"
            + " x, CASE WHEN x % 2 = 0 THEN 'NL' ELSE 'DE' END"
            + " FROM generate_series(1, 30000) AS g(x)");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<List<Object>> query(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }

  @Test
  void systemQueriesListsTheStatementsRunningUntilTheirResultIsClosed() {
    String open = "SELECT x FROM generate_series(1, 10) AS g(x)";
    String list = "SELECT query, elapsed_ms >= 0, memory_bytes >= 0 FROM system.queries";
    try (QueryResult running = (QueryResult) engine.execute(open)) {
      // The listing is read when the statement runs, so it lists itself too, as PostgreSQL's
      // pg_stat_activity does.
      assertThat(query(list)).containsExactly(List.of(open, true, true), List.of(list, true, true));
      assertThat(running.rows()).hasSize(10);
    }
    assertThat(query(list)).containsExactly(List.of(list, true, true));
  }

  @Test
  void storageTablesDescribeWhatIsInMemorySealedAndDeleted() {
    assertThat(
            query(
                "SELECT state, sum(row_count), count(*) FROM system.segments"
                    + " WHERE table_name = 'events' GROUP BY state"))
        .containsExactly(List.of("memory", 30000L, 6L));

    engine.execute("CHECKPOINT");
    engine.execute("DELETE FROM events WHERE id <= 3000");

    List<Object> table =
        query(
                "SELECT shards, partitions, row_count, deleted_rows, memory_bytes,"
                    + " bytes_on_disk > 0, compression_ratio > 1, retention"
                    + " FROM system.tables WHERE table_name = 'events'")
            .get(0);
    assertThat(table).containsExactly(2, 6L, 27000L, 3000L, 0L, true, true, null);
    assertThat(query("SELECT count(*) FROM events")).containsExactly(List.of(27000L));

    assertThat(
            query(
                    "SELECT count(*), sum(row_count), sum(deleted_rows), CAST(min(partition_start) AS VARCHAR),"
                        + " CAST(max(partition_end) AS VARCHAR) FROM system.partitions WHERE table_name = 'events'")
                .get(0)
                .toString())
        .isEqualTo("[6, 27000, 3000, 2026-11-01 00:00:00, 2026-11-04 00:00:00]");

    assertThat(
            query(
                "SELECT column_name, data_type, encodings IS NOT NULL, bytes_on_disk > 0"
                    + " FROM system.columns WHERE table_name = 'events' ORDER BY column_name"))
        .containsExactly(
            List.of("country", "varchar", true, true),
            List.of("id", "bigint", true, true),
            List.of("ts", "timestamp", true, true));

    long onDisk =
        (Long)
            query(
                    "SELECT sum(bytes) FROM system.segments"
                        + " WHERE table_name = 'events' AND state = 'sealed'")
                .get(0)
                .get(0);
    assertThat(
            query(
                "SELECT pg_total_relation_size('events'), pg_database_size('aurora'),"
                    + " pg_indexes_size('events')"))
        .containsExactly(List.of(onDisk, onDisk, 0L));
    assertThat(
            query(
                "SELECT c.relname, pg_total_relation_size(c.oid),"
                    + " pg_size_pretty(pg_total_relation_size(c.oid)) FROM pg_class c"
                    + " WHERE c.relname = 'events'"))
        .containsExactly(
            List.of("events", onDisk, io.aurora.sql.planner.TestingSizes.pretty(onDisk)));
    assertThat(
            query(
                "SELECT pg_size_pretty(CAST(10239 AS BIGINT)),"
                    + " pg_size_pretty(CAST(10240 AS BIGINT)),"
                    + " pg_size_pretty(CAST(10485760 AS BIGINT))"))
        .containsExactly(List.of("10239 bytes", "10 kB", "10 MB"));

    // Compaction rewrites what DELETE left behind.
    engine.execute("DELETE FROM events WHERE id <= 15000");
    engine.execute("CHECKPOINT");
    assertThat(query("SELECT sum(row_count), sum(deleted_rows) FROM system.segments"))
        .containsExactly(List.of(15000L, 0L));
  }
}
