package io.aurora.benchmarks.node;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/**
 * The cost of a write on the paths most writes take, over the PostgreSQL protocol: small INSERTs
 * (one Raft entry to one shard: the common path, which atomic writes must not slow down), from one
 * client and from eight, and COPYs of 200,000 rows (many entries: a write transaction since atomic
 * writes). Run it against two builds of the node, one after the other on the same machine, to
 * compare them; the gRPC path is measured by {@link io.aurora.benchmarks.client.IngestBenchmark}.
 *
 * <pre>
 * java -cp benchmarks/target/aurora-benchmarks.jar io.aurora.benchmarks.node.WriteCost \
 *     jdbc:postgresql://127.0.0.1:5433/aurora?user=aurora [label]
 * </pre>
 *
 * Prints one Markdown table row per measurement. Every run checks that the table holds exactly the
 * rows it acknowledged.
 */
public final class WriteCost {
  private static final int ROWS_PER_INSERT = 50;
  private static final int SINGLE_CLIENT_INSERTS = 1_000;
  private static final int CLIENTS = 8;
  private static final int INSERTS_PER_CLIENT = 250;
  private static final int COPIES = 3;
  private static final int ROWS_PER_COPY = 200_000;

  private WriteCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: WriteCost <jdbc-url> [label]");
      System.exit(2);
    }
    String url = args[0];
    String label = args.length > 1 ? args[1] : "node";
    String table = "write_cost_" + Long.toHexString(System.nanoTime());
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + table
              + " (id BIGINT NOT NULL, ts TIMESTAMP NOT NULL, country VARCHAR, amount DOUBLE)");
    }
    // Warm-up: the JIT and the plan of the literal INSERT path.
    insert(url, table, 1_000_000_000L, 200);

    long[] single = insert(url, table, 0, SINGLE_CLIENT_INSERTS);
    double singleSeconds = single[single.length - 1] / 1e9;
    long[] latencies = Arrays.copyOf(single, single.length - 1);
    Arrays.sort(latencies);

    long began = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<long[]>> running = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      long first = (client + 1) * 10_000_000L;
      running.add(clients.submit(() -> insert(url, table, first, INSERTS_PER_CLIENT)));
    }
    for (Future<long[]> future : running) {
      future.get();
    }
    clients.shutdown();
    double concurrentSeconds = (System.nanoTime() - began) / 1e9;

    long copyNanos = 0;
    try (Connection connection = DriverManager.getConnection(url)) {
      for (int copy = 0; copy < COPIES; copy++) {
        long start = System.nanoTime();
        long copied =
            connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY " + table + " FROM STDIN WITH (FORMAT csv)",
                    new GeneratedCsv(-(copy + 1) * 10_000_000L, ROWS_PER_COPY));
        copyNanos += System.nanoTime() - start;
        if (copied != ROWS_PER_COPY) {
          throw new IllegalStateException("COPY stored " + copied + " rows");
        }
      }
    }
    long expected =
        200L * ROWS_PER_INSERT
            + (long) SINGLE_CLIENT_INSERTS * ROWS_PER_INSERT
            + (long) CLIENTS * INSERTS_PER_CLIENT * ROWS_PER_INSERT
            + (long) COPIES * ROWS_PER_COPY;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        var result = statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM " + table)) {
      result.next();
      if (result.getLong(1) != expected || result.getLong(2) != expected) {
        throw new IllegalStateException(
            "Table holds " + result.getLong(1) + " rows, expected " + expected);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %.0f | %.2f | %.2f | %.0f | %.0f |%n",
        label,
        SINGLE_CLIENT_INSERTS / singleSeconds,
        latencies[latencies.length / 2] / 1e6,
        latencies[latencies.length * 99 / 100] / 1e6,
        CLIENTS * INSERTS_PER_CLIENT * ROWS_PER_INSERT / concurrentSeconds,
        COPIES * ROWS_PER_COPY / (copyNanos / 1e9));
  }

  /**
   * Runs {@code count} INSERTs of {@link #ROWS_PER_INSERT} literal rows with ids from {@code
   * first}; returns each one's latency in nanoseconds and, last, the total.
   */
  private static long[] insert(String url, String table, long first, int count)
      throws SQLException {
    long[] nanos = new long[count + 1];
    long began = System.nanoTime();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < count; i++) {
        sql.setLength(0);
        sql.append("INSERT INTO ").append(table).append(" VALUES ");
        for (int row = 0; row < ROWS_PER_INSERT; row++) {
          long id = first + (long) i * ROWS_PER_INSERT + row;
          sql.append(row == 0 ? "" : ", ")
              .append('(')
              .append(id)
              .append(", TIMESTAMP '2026-12-0")
              .append(1 + id % 5)
              .append(" 10:00:00', '")
              .append(COUNTRIES[(int) (id % COUNTRIES.length)])
              .append("', ")
              .append(id % 1000)
              .append(".5)");
        }
        long start = System.nanoTime();
        statement.executeUpdate(sql.toString());
        nanos[i] = System.nanoTime() - start;
      }
    }
    nanos[count] = System.nanoTime() - began;
    return nanos;
  }

  private static final String[] COUNTRIES = {"DE", "US", "FR", "JP", "BR", "IN", "GB", "NL"};

  /** CSV rows generated as they are read. */
  private static final class GeneratedCsv extends Reader {
    private final long first;
    private final int rows;
    private final StringBuilder pending = new StringBuilder();
    private int row;
    private int offset;

    GeneratedCsv(long first, int rows) {
      this.first = first;
      this.rows = rows;
    }

    @Override
    public int read(char[] buffer, int start, int length) throws IOException {
      if (offset == pending.length()) {
        if (row == rows) {
          return -1;
        }
        pending.setLength(0);
        offset = 0;
        for (int i = 0; i < 1000 && row < rows; i++, row++) {
          long id = first - row;
          pending
              .append(id)
              .append(",2026-12-0")
              .append(1 + Math.floorMod(id, 5))
              .append(" 11:00:00,")
              .append(COUNTRIES[Math.floorMod(id, COUNTRIES.length)])
              .append(',')
              .append(Math.floorMod(id, 1000))
              .append(".25\n");
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
