package io.aurora.benchmarks.e2e;

import static java.util.Objects.requireNonNull;

import io.aurora.benchmarks.LongList;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dashboard concurrency: {@code clients} threads, each with its own connection, send selective
 * dashboard queries over the ClickBench-style {@code hits} table back to back for a fixed time, and
 * the run reports queries per second and the latency percentiles of all clients together.
 *
 * <p>Each query is either literal SQL text ({@link Statements#TEXT}, as a dashboard that renders
 * its filters into the text sends it: every text differs, so every query is parsed and planned) or
 * one prepared statement per template per connection run with the values as parameters ({@link
 * Statements#PREPARED}, as BI tools that use JDBC's PreparedStatement send it). A query has a
 * time-range filter (an {@code eventdate} range of a few days or an {@code eventtime} range of some
 * hours), one or two dimension filters, a GROUP BY on a dimension and a top-10 by a count, a sum or
 * a {@code count(DISTINCT userid)}; see {@link Template}. The values come from the heavy hitters of
 * {@code io.aurora.sql.datasets.HitsGenerator}'s domains (counter 62, the most frequent regions,
 * operating systems and search engines, July 2013), so every query selects rows even on a small
 * table. Each client draws its templates and values from its own {@link SplittableRandom}, split in
 * client order from {@code seed}: a seed gives the same queries.
 *
 * <p>Measurement: every client opens its connection and runs its first {@value #WARM_UP_QUERIES}
 * queries untimed; then all clients start together and run until the deadline. A query's latency is
 * from sending its text to having read every row. Latencies are kept per client in primitive arrays
 * and merged and sorted at the end. A failed query (or connection) counts as an error, not as a
 * query; the first error's message is logged once, and a run with errors says so in its result. The
 * same code runs against Aurora over pgjdbc and against DuckDB in-process: the caller passes how to
 * open a connection.
 *
 * <pre>
 * DashboardLoad.Result aurora =
 *     DashboardLoad.run(() -&gt; DriverManager.getConnection(url), 16, Duration.ofSeconds(30), 42);
 * DashboardLoad.Result duckdb =
 *     DashboardLoad.run(() -&gt; duckDbBase.duplicate(), 16, Duration.ofSeconds(30), 42);
 * </pre>
 */
public final class DashboardLoad {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardLoad.class);

  /** The table the queries read: ClickBench's {@code hits} with lower-case column names. */
  public static final String TABLE = "hits";

  /** Queries each client runs untimed on its connection before the common start. */
  public static final int WARM_UP_QUERIES = 2;

  /**
   * The days that hold 95% of the generator's events: 2013-07-01 and the 30 days after it (the
   * generator spreads the other 5% over 2013-06-28 and the 37 days after it).
   */
  private static final LocalDate FIRST_BUSY_DAY = LocalDate.of(2013, 7, 1);

  private static final int BUSY_DAYS = 31;

  private DashboardLoad() {}

  /**
   * Opens one connection per client. Called once on each client's thread, possibly concurrently;
   * the client closes the connection it opened.
   */
  @FunctionalInterface
  public interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  /** How the clients send their queries. */
  public enum Statements {
    /** Literal SQL text through {@code Statement.executeQuery}. */
    TEXT,
    /** One {@code PreparedStatement} per template on each connection, values as parameters. */
    PREPARED
  }

  /**
   * What one run measured.
   *
   * @param statements how the queries were sent
   * @param clients the concurrent clients
   * @param seconds the timed part of the run, from the common start to the last client's end
   * @param queries timed queries that succeeded (warm-up queries are not counted)
   * @param errors failed queries and connections, warm-up included; see the log for the first
   * @param queriesPerSecond {@code queries / seconds}
   * @param p50Millis the median latency of the timed queries in milliseconds; this and the other
   *     latencies are NaN when no query succeeded
   * @param p99Millis the 99th percentile (nearest rank)
   * @param p999Millis the 99.9th percentile (nearest rank)
   * @param maxMillis the slowest timed query
   */
  public record Result(
      Statements statements,
      int clients,
      double seconds,
      long queries,
      long errors,
      double queriesPerSecond,
      double p50Millis,
      double p99Millis,
      double p999Millis,
      double maxMillis) {}

  /**
   * The dashboard queries. Each is a top-10 over a time range and one or two dimensions; ties in
   * the metric are ordered by the group key so that engines agree on the rows.
   */
  enum Template {
    /** Regions of one counter over some days, by page views. */
    TOP_REGIONS_OF_COUNTER,
    /** URLs of one region over some evening hours of a day, by page views. */
    TOP_URLS_OF_REGION_BY_HOUR,
    /**
     * Operating systems of one counter and search engine over some days, by summed screen width.
     */
    OPERATING_SYSTEMS_BY_WIDTH,
    /** Regions of one operating system over some days, by distinct users. */
    TOP_REGIONS_BY_USERS
  }

  /**
   * Runs {@code clients} clients against {@code hits} for {@code duration} after their warm-up.
   *
   * @throws InterruptedException when interrupted while waiting for the clients; they stop at the
   *     deadline on their own
   */
  public static Result run(ConnectionFactory factory, int clients, Duration duration, long seed)
      throws InterruptedException {
    return run(factory, clients, duration, seed, Statements.TEXT);
  }

  /** Runs the load with queries sent as {@code statements}. */
  public static Result run(
      ConnectionFactory factory, int clients, Duration duration, long seed, Statements statements)
      throws InterruptedException {
    requireNonNull(factory, "factory is null");
    requireNonNull(duration, "duration is null");
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be at least 1");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    Run run = new Run(clients);
    SplittableRandom root = new SplittableRandom(seed);
    Client[] workers = new Client[clients];
    Thread[] threads = new Thread[clients];
    for (int i = 0; i < clients; i++) {
      workers[i] = new Client(i, factory, root.split(), run, statements);
      threads[i] = new Thread(workers[i], "dashboard-client-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
    long start;
    try {
      run.ready.await();
    } finally {
      // Even when interrupted: the clients must not wait for a start that never comes.
      start = System.nanoTime();
      run.deadline = start + duration.toNanos();
      run.go.countDown();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    int total = 0;
    for (Client worker : workers) {
      total += worker.latencies.size();
    }
    long[] latencies = new long[total];
    int offset = 0;
    for (Client worker : workers) {
      offset = worker.latencies.copyTo(latencies, offset);
    }
    Arrays.sort(latencies);
    Result result =
        new Result(
            statements,
            clients,
            seconds,
            total,
            run.errors.get(),
            total / seconds,
            LongList.percentileMillis(latencies, 0.50),
            LongList.percentileMillis(latencies, 0.99),
            LongList.percentileMillis(latencies, 0.999),
            total == 0 ? Double.NaN : latencies[total - 1] / 1e6);
    String summary =
        String.format(
            Locale.ROOT,
            "%s, %d clients, %d queries, %d errors, %.1f queries/s, p50 %.2f ms, p99 %.2f ms",
            statements.name().toLowerCase(Locale.ROOT),
            clients,
            result.queries(),
            result.errors(),
            result.queriesPerSecond(),
            result.p50Millis(),
            result.p99Millis());
    if (result.errors() > 0) {
      LOG.warn("Dashboard load with errors: {}", summary);
    } else {
      LOG.info("Dashboard load: {}", summary);
    }
    return result;
  }

  /** The next query's text: a template and values drawn from {@code random}. */
  static String nextQuery(SplittableRandom random) {
    return next(random).text();
  }

  /** The next query: a template and values drawn from {@code random}. */
  static Query next(SplittableRandom random) {
    Template[] templates = Template.values();
    return query(templates[random.nextInt(templates.length)], random);
  }

  /** One query of {@code template} with values drawn from {@code random}. */
  static Query query(Template template, SplittableRandom random) {
    return switch (template) {
      case TOP_REGIONS_OF_COUNTER -> {
        int counter = counter(random);
        LocalDate[] days = dateRange(random);
        yield new Query(template, List.of(counter, days[0], days[1]));
      }
      case TOP_URLS_OF_REGION_BY_HOUR -> {
        LocalDateTime[] hours = hourRange(random);
        yield new Query(template, List.of(hours[0], hours[1], 1 + random.nextInt(2)));
      }
      case OPERATING_SYSTEMS_BY_WIDTH -> {
        int counter = counter(random);
        // Nine in ten events have no search engine; engine 1 is the most frequent other one.
        int engine = random.nextInt(3) == 0 ? 1 : 0;
        LocalDate[] days = dateRange(random);
        yield new Query(template, List.of(counter, engine, days[0], days[1]));
      }
      case TOP_REGIONS_BY_USERS -> {
        LocalDate[] days = dateRange(random);
        yield new Query(template, List.of(days[0], days[1], random.nextInt(3)));
      }
    };
  }

  /**
   * A query: its template and its values, in the order of the template's parameters (integers, days
   * and times).
   */
  record Query(Template template, List<Object> values) {
    /** The template's text, with a {@code ?} for each value. */
    String parameterized() {
      return switch (template) {
        case TOP_REGIONS_OF_COUNTER ->
            "SELECT regionid, count(*) AS views FROM "
                + TABLE
                + " WHERE counterid = ? AND eventdate BETWEEN ? AND ?"
                + " GROUP BY regionid ORDER BY views DESC, regionid LIMIT 10";
        case TOP_URLS_OF_REGION_BY_HOUR ->
            "SELECT url, count(*) AS views FROM "
                + TABLE
                + " WHERE eventtime >= ? AND eventtime < ? AND regionid = ?"
                + " GROUP BY url ORDER BY views DESC, url LIMIT 10";
        case OPERATING_SYSTEMS_BY_WIDTH ->
            "SELECT os, sum(resolutionwidth) AS width FROM "
                + TABLE
                + " WHERE counterid = ? AND searchengineid = ? AND eventdate BETWEEN ? AND ?"
                + " GROUP BY os ORDER BY width DESC, os LIMIT 10";
        case TOP_REGIONS_BY_USERS ->
            "SELECT regionid, count(DISTINCT userid) AS users FROM "
                + TABLE
                + " WHERE eventdate BETWEEN ? AND ? AND os = ?"
                + " GROUP BY regionid ORDER BY users DESC, regionid LIMIT 10";
      };
    }

    /** The query as literal SQL text: each {@code ?} of the template replaced by its value. */
    String text() {
      String template = parameterized();
      StringBuilder text = new StringBuilder(template.length() + 64);
      int value = 0;
      for (int i = 0; i < template.length(); i++) {
        char c = template.charAt(i);
        if (c != '?') {
          text.append(c);
        } else {
          Object parameter = values.get(value++);
          if (parameter instanceof LocalDate day) {
            text.append("DATE '").append(day).append('\'');
          } else if (parameter instanceof LocalDateTime time) {
            text.append("TIMESTAMP '").append(TIME_FORMAT.format(time)).append('\'');
          } else {
            text.append(parameter);
          }
        }
      }
      return text.toString();
    }

    /** Sets the prepared statement's parameters to the values. */
    void bind(PreparedStatement statement) throws SQLException {
      for (int i = 0; i < values.size(); i++) {
        Object parameter = values.get(i);
        if (parameter instanceof LocalDate day) {
          statement.setDate(i + 1, java.sql.Date.valueOf(day));
        } else if (parameter instanceof LocalDateTime time) {
          statement.setTimestamp(i + 1, java.sql.Timestamp.valueOf(time));
        } else {
          statement.setInt(i + 1, (Integer) parameter);
        }
      }
    }
  }

  private static final DateTimeFormatter TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  /** Counter 62 (40% of the events) most of the time, else one of the next most frequent two. */
  private static int counter(SplittableRandom random) {
    int draw = random.nextInt(10);
    return draw < 6 ? 62 : draw < 9 ? 1 : 2;
  }

  /** Two busy days 2 to 6 days apart, for {@code eventdate BETWEEN}. */
  private static LocalDate[] dateRange(SplittableRandom random) {
    int span = 2 + random.nextInt(5);
    LocalDate first = FIRST_BUSY_DAY.plusDays(random.nextInt(BUSY_DAYS - span));
    return new LocalDate[] {first, first.plusDays(span)};
  }

  /**
   * An {@code eventtime} range of 4 to 7 hours of one busy day, starting between 13:00 and 16:00:
   * the generator's traffic peaks at 20:00.
   */
  private static LocalDateTime[] hourRange(SplittableRandom random) {
    LocalDate day = FIRST_BUSY_DAY.plusDays(random.nextInt(BUSY_DAYS));
    int from = 13 + random.nextInt(4);
    int to = from + 4 + random.nextInt(4);
    return new LocalDateTime[] {day.atTime(from, 0), day.atTime(to, 0)};
  }

  /** State the clients share: the start signals, the deadline and the error count. */
  private static final class Run {
    final CountDownLatch ready;
    final CountDownLatch go = new CountDownLatch(1);
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<@Nullable String> firstError = new AtomicReference<>();

    /** Written before {@link #go} opens and read after it: the latch publishes it. */
    long deadline;

    Run(int clients) {
      this.ready = new CountDownLatch(clients);
    }

    void error(int client, Exception error) {
      errors.incrementAndGet();
      if (firstError.compareAndSet(null, error.getMessage())) {
        LOG.warn("Dashboard client[{}] failed; later errors are only counted", client, error);
      }
    }
  }

  private static final class Client implements Runnable {
    private final int client;
    private final ConnectionFactory factory;
    private final SplittableRandom random;
    private final Run run;
    private final Statements statements;
    private final LongList latencies = new LongList();
    private final Map<Template, PreparedStatement> prepared = new EnumMap<>(Template.class);

    Client(
        int client,
        ConnectionFactory factory,
        SplittableRandom random,
        Run run,
        Statements statements) {
      this.client = client;
      this.factory = factory;
      this.random = random;
      this.run = run;
      this.statements = statements;
    }

    private int send(Connection connection, Query query) throws SQLException {
      if (statements == Statements.TEXT) {
        return execute(connection, query.text());
      }
      PreparedStatement statement = prepared.get(query.template());
      if (statement == null) {
        statement = connection.prepareStatement(query.parameterized());
        prepared.put(query.template(), statement);
      }
      query.bind(statement);
      try (ResultSet result = statement.executeQuery()) {
        return readAll(result);
      }
    }

    @Override
    public void run() {
      @Nullable Connection connection = null;
      try {
        try {
          connection = factory.open();
          for (int i = 0; i < WARM_UP_QUERIES; i++) {
            send(connection, next(random));
          }
        } catch (SQLException | RuntimeException e) {
          run.error(client, e);
        } finally {
          run.ready.countDown();
        }
        run.go.await();
        if (connection != null) {
          measure(connection);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        close(connection);
      }
    }

    private void measure(Connection connection) {
      long deadline = run.deadline;
      while (System.nanoTime() < deadline) {
        Query query = next(random);
        long start = System.nanoTime();
        try {
          send(connection, query);
          latencies.add(System.nanoTime() - start);
        } catch (SQLException | RuntimeException e) {
          run.error(client, e);
          if (isClosed(connection)) {
            return;
          }
        }
      }
    }

    private void close(@Nullable Connection connection) {
      if (connection == null) {
        return;
      }
      try {
        for (PreparedStatement statement : prepared.values()) {
          statement.close();
        }
        connection.close();
      } catch (SQLException e) {
        run.error(client, e);
      }
    }
  }

  /** Runs a query and reads every value of every row; returns the row count. */
  static int execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return readAll(result);
    }
  }

  /** Reads every value of every row; returns the row count. */
  private static int readAll(ResultSet result) throws SQLException {
    int rows = 0;
    int columns = result.getMetaData().getColumnCount();
    while (result.next()) {
      for (int c = 1; c <= columns; c++) {
        result.getObject(c);
      }
      rows++;
    }
    return rows;
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
