package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Kills a node with SIGKILL while four clients insert batches and a fifth runs long COPYs, restarts
 * it on the same data directory, and checks the promise of an acknowledgement: every batch the node
 * acknowledged is there, each row exactly once, and a batch that was in flight is either wholly
 * there or wholly absent, never twice. The table is distributed by id over four shards, so every
 * INSERT spans shards and every COPY spans shards and log entries: each is a write transaction. A
 * second test kills the node at several moments of the commit of one large COPY.
 */
@Timeout(300)
class TestCrashRecovery {
  private static final int INSERT_WRITERS = 4;
  private static final int ROWS_PER_INSERT = 200;
  private static final int ROWS_PER_COPY = 30_000;
  private static final int COPY_WRITER = 99;
  private static final int LARGE_COPY_ROWS = 400_000;

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path directory;

  @AfterEach
  void stop() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    executor.shutdownNow();
  }

  private String startNode() throws Exception {
    NodeProcess node =
        NodeProcess.start(
            directory,
            executor,
            "server",
            "--data-dir",
            directory.resolve("data").toString(),
            "--pg-port",
            "0",
            "--http-port",
            "0",
            "--grpc-port",
            "0",
            "--raft-port",
            "0");
    processes.add(node.process);
    try {
      return node.awaitJdbcUrl();
    } catch (AssertionError e) {
      String errors = node.stderr.current();
      throw new AssertionError(
          "The node did not start; the end of its stderr: "
              + errors.substring(Math.max(0, errors.length() - 4000)),
          e);
    }
  }

  @Test
  void acknowledgedRowsSurviveSigkillExactlyOnce() throws Exception {
    String url = startNode();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events (id BIGINT NOT NULL, batch BIGINT NOT NULL, writer INTEGER NOT"
              + " NULL, payload VARCHAR) DISTRIBUTED BY (id) WITH (shards = 4)");
    }

    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    Map<Long, Integer> batchSizes = new ConcurrentHashMap<>();
    AtomicBoolean isRunning = new AtomicBoolean(true);
    List<Future<?>> writers = new ArrayList<>();
    for (int writer = 0; writer < INSERT_WRITERS; writer++) {
      int id = writer;
      writers.add(
          executor.submit(() -> insertUntilFailure(url, id, acknowledged, batchSizes, isRunning)));
    }
    writers.add(executor.submit(() -> copyUntilFailure(url, acknowledged, batchSizes, isRunning)));

    // Let both kinds of writes land a few times, then kill the node mid-stream.
    while (countWriter(acknowledged, COPY_WRITER) < 2 || acknowledged.size() < 40) {
      Thread.sleep(50);
    }
    Process process = processes.get(0);
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    isRunning.set(false);
    for (Future<?> future : writers) {
      future.get(60, TimeUnit.SECONDS);
    }
    int acknowledgedAtKill = acknowledged.size();

    String restarted = startNode();
    Map<Long, Long> stored = new HashMap<>();
    long rows;
    long distinctIds;
    try (Connection connection = DriverManager.getConnection(restarted);
        Statement statement = connection.createStatement()) {
      try (ResultSet result =
          statement.executeQuery("SELECT batch, count(*) FROM events GROUP BY batch")) {
        while (result.next()) {
          stored.put(result.getLong(1), result.getLong(2));
        }
      }
      try (ResultSet result =
          statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM events")) {
        result.next();
        rows = result.getLong(1);
        distinctIds = result.getLong(2);
      }
      // The restarted node takes writes again.
      assertThat(statement.executeUpdate("INSERT INTO events VALUES (-1, -1, -1, 'after')"))
          .isEqualTo(1);
    }

    assertThat(acknowledged).hasSize(acknowledgedAtKill);
    for (long batch : acknowledged) {
      assertThat(stored.get(batch))
          .as("acknowledged batch %d", batch)
          .isEqualTo((long) batchSizes.get(batch));
    }
    for (Map.Entry<Long, Long> entry : stored.entrySet()) {
      // An unacknowledged batch may have committed before the kill, but only whole and once.
      assertThat(entry.getValue())
          .as("batch %d", entry.getKey())
          .isEqualTo((long) batchSizes.get(entry.getKey()));
    }
    assertThat(distinctIds).isEqualTo(rows);
  }

  /**
   * A COPY of many log entries (about 40 MB of CSV), killed at moments from the end of its input
   * (while the node stages its rows in the shards' logs or commits them) to after its last entry:
   * after each restart the COPY is either wholly there or wholly absent.
   */
  @Test
  void aLargeCopyKilledDuringItsCommitIsAllOrNothing() throws Exception {
    String url = startNode();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE big (id BIGINT NOT NULL, batch BIGINT NOT NULL, writer INTEGER NOT NULL,"
              + " payload VARCHAR) WITH (shards = 4)");
    }
    int[] killDelaysMillis = {0, 300, 900, 2_000};
    Map<Long, Long> outcomes = new HashMap<>();
    for (int round = 0; round < killDelaysMillis.length; round++) {
      long batch = round;
      CountDownLatch isInputDone = new CountDownLatch(1);
      String current = url;
      Future<Long> copy =
          executor.submit(
              () -> {
                try (Connection connection = DriverManager.getConnection(current)) {
                  return connection
                      .unwrap(PGConnection.class)
                      .getCopyAPI()
                      .copyIn(
                          "COPY big FROM STDIN WITH (FORMAT csv)",
                          new GeneratedCsv(batch, LARGE_COPY_ROWS, 100, isInputDone));
                } catch (SQLException | IOException e) {
                  return -1L; // killed: no acknowledgement
                }
              });
      assertThat(isInputDone.await(120, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(killDelaysMillis[round]);
      Process process = processes.get(processes.size() - 1);
      process.destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      long acknowledgedRows = copy.get(60, TimeUnit.SECONDS);

      url = startNode();
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT count(*), count(DISTINCT id) FROM big WHERE batch = " + batch)) {
        result.next();
        long stored = result.getLong(1);
        assertThat(result.getLong(2)).isEqualTo(stored);
        assertThat(stored)
            .as("rows of the COPY killed %d ms after its input ended", killDelaysMillis[round])
            .isIn(0L, (long) LARGE_COPY_ROWS);
        if (acknowledgedRows >= 0) {
          assertThat(stored).isEqualTo(LARGE_COPY_ROWS);
        }
        outcomes.put(batch, stored);
        // Seal what is there, so that the node's 512 MiB heap replays one COPY at most.
        statement.execute("CHECKPOINT");
      }
    }
    System.out.println("Large COPY rows after each kill (by kill delay): " + outcomes);
    // A later COPY and the earlier ones' rows are unaffected by what the kills left staged.
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      long copied =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY big FROM STDIN WITH (FORMAT csv)",
                  new GeneratedCsv(99, 10_000, 20, new CountDownLatch(1)));
      assertThat(copied).isEqualTo(10_000);
      try (ResultSet result = statement.executeQuery("SELECT count(*) FROM big")) {
        result.next();
        long expected = 10_000;
        for (long stored : outcomes.values()) {
          expected += stored;
        }
        assertThat(result.getLong(1)).isEqualTo(expected);
      }
    }
  }

  private static long countWriter(Set<Long> batches, int writer) {
    long count = 0;
    for (long batch : batches) {
      if (batch >>> 32 == writer) {
        count++;
      }
    }
    return count;
  }

  /** Inserts batches of literal rows until the connection fails; records what was acknowledged. */
  private static Void insertUntilFailure(
      String url,
      int writer,
      Set<Long> acknowledged,
      Map<Long, Integer> batchSizes,
      AtomicBoolean isRunning) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (long sequence = 0; isRunning.get(); sequence++) {
        long batch = (long) writer << 32 | sequence;
        StringBuilder sql = new StringBuilder("INSERT INTO events VALUES ");
        for (int row = 0; row < ROWS_PER_INSERT; row++) {
          long id = batch * ROWS_PER_INSERT + row;
          sql.append(row == 0 ? "" : ", ")
              .append('(')
              .append(id)
              .append(", ")
              .append(batch)
              .append(", ")
              .append(writer)
              .append(", 'insert ")
              .append(id)
              .append("')");
        }
        batchSizes.put(batch, ROWS_PER_INSERT);
        statement.executeUpdate(sql.toString());
        acknowledged.add(batch);
      }
    } catch (SQLException e) {
      // The node was killed: the batch in flight has no acknowledgement.
    }
    return null;
  }

  /** Runs COPYs of generated CSV until the connection fails; records what was acknowledged. */
  private static Void copyUntilFailure(
      String url, Set<Long> acknowledged, Map<Long, Integer> batchSizes, AtomicBoolean isRunning) {
    try (Connection connection = DriverManager.getConnection(url)) {
      for (long sequence = 0; isRunning.get(); sequence++) {
        long batch = (long) COPY_WRITER << 32 | sequence;
        batchSizes.put(batch, ROWS_PER_COPY);
        long copied =
            connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY events FROM STDIN WITH (FORMAT csv)", new GeneratedCsv(batch));
        assertThat(copied).isEqualTo(ROWS_PER_COPY);
        acknowledged.add(batch);
      }
    } catch (SQLException | IOException e) {
      // The node was killed: the COPY in flight has no acknowledgement.
    }
    return null;
  }

  /** The CSV rows of one COPY batch, generated as they are read. */
  private static final class GeneratedCsv extends Reader {
    private final long batch;
    private final int rows;
    private final String padding;
    private final CountDownLatch isDone;
    private final StringBuilder pending = new StringBuilder();
    private int row;
    private int offset;

    GeneratedCsv(long batch) {
      this(batch, ROWS_PER_COPY, 0, new CountDownLatch(1));
    }

    /** {@code rows} rows with payloads padded by {@code padding} characters; counts down at EOF. */
    GeneratedCsv(long batch, int rows, int padding, CountDownLatch isDone) {
      this.batch = batch;
      this.rows = rows;
      this.padding = "x".repeat(padding);
      this.isDone = isDone;
    }

    @Override
    public int read(char[] buffer, int start, int length) {
      if (offset == pending.length()) {
        if (row == rows) {
          isDone.countDown();
          return -1;
        }
        pending.setLength(0);
        offset = 0;
        for (int i = 0; i < 1000 && row < rows; i++, row++) {
          long id = -(batch * rows + row) - 2;
          pending
              .append(id)
              .append(',')
              .append(batch)
              .append(',')
              .append(COPY_WRITER)
              .append(",copy ")
              .append(id)
              .append(padding)
              .append('\n');
        }
      }
      int count = Math.min(length, pending.length() - offset);
      pending.getChars(offset, offset + count, buffer, start);
      offset += count;
      return count;
    }

    @Override
    public void close() {}
  }
}
