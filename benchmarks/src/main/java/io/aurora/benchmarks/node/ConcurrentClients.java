package io.aurora.benchmarks.node;

import static java.util.Objects.requireNonNull;

import io.aurora.benchmarks.LongList;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many PostgreSQL clients at once against one Aurora node: each client has its own connection and
 * runs a mix of small INSERT batches and dashboard queries (a time-range filter with one or two
 * dimensions, GROUP BY, top-N, a point lookup) for a fixed time. Checks, while running, that every
 * client reads its own acknowledged rows, and at the end that the table holds exactly the
 * acknowledged rows, each once. Reports statements per second and latency percentiles per kind.
 *
 * <pre>
 * java -cp benchmarks/target/aurora-benchmarks.jar io.aurora.benchmarks.node.ConcurrentClients \
 *     jdbc:postgresql://127.0.0.1:5433/aurora?user=aurora [clients=64] [seconds=60]
 * </pre>
 */
public final class ConcurrentClients {
  static final String TABLE = "load_events";
  private static final int ROWS_PER_INSERT = 50;
  private static final String[] COUNTRIES = {"DE", "US", "FR", "JP", "BR", "IN", "GB", "NL"};
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

  /** One in this many statements is an insert; the others are queries. */
  private static final int INSERT_EVERY = 4;

  private final String url;
  private final int clients;
  private final Duration duration;

  public ConcurrentClients(String url, int clients, Duration duration) {
    this.url = requireNonNull(url, "url is null");
    this.clients = clients;
    this.duration = requireNonNull(duration, "duration is null");
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be at least 1");
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ConcurrentClients <jdbc-url> [clients=64] [seconds=60]");
      System.exit(2);
    }
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Result result = new ConcurrentClients(args[0], clients, Duration.ofSeconds(seconds)).run();
    System.out.println(result.toMarkdown());
    if (!result.errors().isEmpty() || result.storedRows() != result.acknowledgedRows()) {
      System.exit(1);
    }
  }

  /** Latency percentiles of one kind of statement, in milliseconds. */
  public record Latency(String kind, long count, double p50, double p99, double p999) {}

  /** What a run did and found. */
  public record Result(
      int clients,
      double seconds,
      long acknowledgedRows,
      long storedRows,
      long distinctIds,
      List<Latency> latencies,
      List<String> errors) {
    public long statements() {
      long total = 0;
      for (Latency latency : latencies) {
        total += latency.count();
      }
      return total;
    }

    public String toMarkdown() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "%d clients, %.1f s: %,d statements (%.0f/s), %,d rows inserted (%.0f rows/s);"
                  + " stored %,d rows, %,d distinct ids, %d errors%n%n",
              clients,
              seconds,
              statements(),
              statements() / seconds,
              acknowledgedRows,
              acknowledgedRows / seconds,
              storedRows,
              distinctIds,
              errors.size()));
      out.append("| statement | count | per s | p50 ms | p99 ms | p99.9 ms |\n");
      out.append("|---|---:|---:|---:|---:|---:|\n");
      for (Latency latency : latencies) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %.0f | %.2f | %.2f | %.2f |%n",
                latency.kind(),
                latency.count(),
                latency.count() / seconds,
                latency.p50(),
                latency.p99(),
                latency.p999()));
      }
      for (String error : errors.subList(0, Math.min(10, errors.size()))) {
        out.append("error: ").append(error).append('\n');
      }
      return out.toString();
    }
  }

  private enum Kind {
    INSERT,
    DASHBOARD,
    TOP_N,
    OWN_ROWS,
    POINT
  }

  public Result run() throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TABLE);
      statement.execute(
          "CREATE TABLE "
              + TABLE
              + " (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, client INTEGER NOT NULL,"
              + " country VARCHAR, device VARCHAR, value DOUBLE) PARTITION BY DAY (ts)");
    }
    AtomicLong acknowledged = new AtomicLong();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    Worker[] workers = new Worker[clients];
    CountDownLatch ready = new CountDownLatch(clients);
    long deadline = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      workers[i] = new Worker(i, deadline, acknowledged, errors, ready);
      Thread thread = new Thread(workers[i], "load-client-" + i);
      threads.add(thread);
      thread.start();
    }
    long start = System.nanoTime();
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    long stored;
    long distinct;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM " + TABLE)) {
      result.next();
      stored = result.getLong(1);
      distinct = result.getLong(2);
    }
    List<Latency> latencies = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      long[][] perWorker = new long[clients][];
      int total = 0;
      for (int i = 0; i < clients; i++) {
        perWorker[i] = workers[i].latencies(kind);
        total += perWorker[i].length;
      }
      long[] all = new long[total];
      int offset = 0;
      for (long[] values : perWorker) {
        System.arraycopy(values, 0, all, offset, values.length);
        offset += values.length;
      }
      Arrays.sort(all);
      latencies.add(
          new Latency(
              kind.name().toLowerCase(Locale.ROOT),
              all.length,
              LongList.percentileMillis(all, 0.50),
              LongList.percentileMillis(all, 0.99),
              LongList.percentileMillis(all, 0.999)));
    }
    return new Result(
        clients, seconds, acknowledged.get(), stored, distinct, latencies, List.copyOf(errors));
  }

  private final class Worker implements Runnable {
    private final int client;
    private final long deadline;
    private final AtomicLong acknowledged;
    private final List<String> errors;
    private final CountDownLatch ready;
    private final SplittableRandom random;
    private final LongList[] latencies = new LongList[Kind.values().length];
    private long ownRows;
    private long nextId;

    Worker(
        int client,
        long deadline,
        AtomicLong acknowledged,
        List<String> errors,
        CountDownLatch ready) {
      this.client = client;
      this.deadline = deadline;
      this.acknowledged = acknowledged;
      this.errors = errors;
      this.ready = ready;
      this.random = new SplittableRandom(client);
      for (int i = 0; i < latencies.length; i++) {
        latencies[i] = new LongList();
      }
    }

    long[] latencies(Kind kind) {
      return latencies[kind.ordinal()].toArray();
    }

    @Override
    public void run() {
      try (Connection connection = DriverManager.getConnection(url)) {
        ready.countDown();
        ready.await();
        PreparedStatement dashboard =
            connection.prepareStatement(
                "SELECT device, count(*), avg(value) FROM "
                    + TABLE
                    + " WHERE ts >= ? AND ts < ? AND country = ? GROUP BY device ORDER BY device");
        PreparedStatement topN =
            connection.prepareStatement(
                "SELECT country, sum(value) AS total FROM "
                    + TABLE
                    + " WHERE ts >= ? AND device IN (?, ?) GROUP BY country"
                    + " ORDER BY total DESC, country LIMIT 3");
        PreparedStatement own =
            connection.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE client = ?");
        PreparedStatement point =
            connection.prepareStatement("SELECT value FROM " + TABLE + " WHERE id = ?");
        Statement insert = connection.createStatement();
        long statements = 0;
        while (System.nanoTime() < deadline) {
          Kind kind =
              statements++ % INSERT_EVERY == 0
                  ? Kind.INSERT
                  : Kind.values()[1 + random.nextInt(Kind.values().length - 1)];
          long start = System.nanoTime();
          try {
            switch (kind) {
              case INSERT -> insert(insert);
              case DASHBOARD -> dashboard(dashboard);
              case TOP_N -> topN(topN);
              case OWN_ROWS -> ownRows(own);
              case POINT -> point(point);
            }
          } catch (SQLException | RuntimeException e) {
            errors.add("client " + client + " " + kind + ": " + e.getMessage());
          }
          latencies[kind.ordinal()].add(System.nanoTime() - start);
        }
      } catch (SQLException e) {
        errors.add("client " + client + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void insert(Statement statement) throws SQLException {
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(TABLE).append(" VALUES ");
      for (int row = 0; row < ROWS_PER_INSERT; row++) {
        long id = (long) client << 32 | nextId++;
        if (row > 0) {
          sql.append(", ");
        }
        sql.append("(TIMESTAMP '2026-11-26 ")
            .append(String.format(Locale.ROOT, "%02d:%02d:00'", random.nextInt(24), row))
            .append(", ")
            .append(id)
            .append(", ")
            .append(client)
            .append(", '")
            .append(COUNTRIES[random.nextInt(COUNTRIES.length)])
            .append("', '")
            .append(DEVICES[random.nextInt(DEVICES.length)])
            .append("', ")
            .append(random.nextInt(10_000) / 100.0)
            .append(')');
      }
      int inserted = statement.executeUpdate(sql.toString());
      if (inserted != ROWS_PER_INSERT) {
        throw new IllegalStateException("INSERT reported " + inserted + " rows");
      }
      ownRows += inserted;
      acknowledged.addAndGet(inserted);
    }

    private void dashboard(PreparedStatement statement) throws SQLException {
      int hour = random.nextInt(20);
      statement.setObject(1, hourAt(hour));
      statement.setObject(2, hourAt(hour + 4));
      statement.setString(3, COUNTRIES[random.nextInt(COUNTRIES.length)]);
      drain(statement);
    }

    private void topN(PreparedStatement statement) throws SQLException {
      statement.setObject(1, hourAt(random.nextInt(24)));
      statement.setString(2, DEVICES[random.nextInt(DEVICES.length)]);
      statement.setString(3, DEVICES[random.nextInt(DEVICES.length)]);
      drain(statement);
    }

    private void ownRows(PreparedStatement statement) throws SQLException {
      statement.setInt(1, client);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        long visible = result.getLong(1);
        if (visible != ownRows) {
          throw new IllegalStateException(
              "client sees " + visible + " of its rows, acknowledged " + ownRows);
        }
      }
    }

    private void point(PreparedStatement statement) throws SQLException {
      long id = nextId == 0 ? 0 : (long) client << 32 | random.nextLong(nextId);
      statement.setLong(1, id);
      try (ResultSet result = statement.executeQuery()) {
        boolean found = result.next();
        if (nextId > 0 && !found) {
          throw new IllegalStateException("acknowledged row " + id + " is missing");
        }
      }
    }

    private void drain(PreparedStatement statement) throws SQLException {
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          result.getObject(1);
        }
      }
    }
  }

  private static LocalDateTime hourAt(int hour) {
    return LocalDateTime.of(2026, 11, 26, 0, 0).plusHours(hour);
  }
}
