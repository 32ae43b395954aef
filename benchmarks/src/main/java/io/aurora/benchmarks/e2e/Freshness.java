package io.aurora.benchmarks.e2e;

import static java.util.Objects.requireNonNull;

import io.aurora.benchmarks.LongList;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freshness: how long after an insert is acknowledged a query sees it. A producer inserts small
 * batches into a fresh table while a poller on another connection asks for the newest batch as fast
 * as it can; both run in this JVM and time with {@link System#nanoTime()}.
 *
 * <pre>
 * producer (calling thread)                      poller (thread "freshness-poller")
 *   b = 1, 2, ...: insert 100 rows of batch b      loop: SELECT max(batch) FROM freshness
 *     ack[b] = nanoTime() when the INSERT or          seen[b] = nanoTime() when the first answer
 *     flush of b returns (acknowledged)                 with max(batch) &gt;= b was read
 *     wait until the next interval (5 ms)          until every acknowledged batch was seen
 *
 * delay[b] = max(0, seen[b] - ack[b])
 * </pre>
 *
 * <p>The seen time is when the poll's answer arrived, and the poll in flight at the acknowledgement
 * may have read the table just before it, so a delay includes up to about two polls' round trips:
 * the delay reported is an upper bound at the poller's resolution. A poll answered while the
 * producer was still waiting for its acknowledgement can see the batch first, and that batch's
 * delay is 0. The producer is paced (one batch per interval, 5 ms by default, the interval measured
 * from one batch's start to the next) so that on a small machine the poller gets a core. The result
 * also reports the producer's insert latencies (from sending a batch to its acknowledgement).
 *
 * <p>Producers: {@linkplain #runPgwire pgwire} (one multi-row {@code INSERT ... VALUES} per batch
 * on an autocommit pgjdbc connection), {@linkplain #runGrpc gRPC} ({@link AuroraWriter}, one {@link
 * AuroraWriter#flush()} per batch, which returns once the batch is durable and visible) and, as the
 * peer in the same run, {@linkplain #runDuckDb DuckDB} in-process (the pgwire loop on two {@link
 * DuckDBConnection#duplicate() duplicates} of one database). The poller always queries over JDBC
 * (pgwire for Aurora). Each run drops and recreates the table {@value #TABLE}:
 *
 * <pre>
 * freshness(seq BIGINT NOT NULL, batch BIGINT NOT NULL, ts TIMESTAMP NOT NULL, payload VARCHAR)
 * </pre>
 *
 * <p>A run fails with an {@link IllegalStateException} when an acknowledged batch is not visible
 * {@link #VISIBILITY_TIMEOUT} after the producer stopped, or when the producer or poller fails.
 */
public final class Freshness {
  private static final Logger LOG = LoggerFactory.getLogger(Freshness.class);

  /** The table each run drops and creates. */
  public static final String TABLE = "freshness";

  /** Rows in each batch. */
  public static final int ROWS_PER_BATCH = 100;

  /** The producer's default pace: one batch every 5 ms. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(5);

  /** How long the poller waits, after the last acknowledgement, for the remaining batches. */
  public static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

  private static final String CREATE_TABLE =
      "CREATE TABLE "
          + TABLE
          + " (seq BIGINT NOT NULL, batch BIGINT NOT NULL, ts TIMESTAMP NOT NULL, payload VARCHAR)";
  private static final String NEWEST_BATCH = "SELECT max(batch) FROM " + TABLE;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private Freshness() {}

  /**
   * What one run measured.
   *
   * @param producer {@code pgwire}, {@code grpc} or {@code duckdb}
   * @param batches acknowledged batches, each of {@value #ROWS_PER_BATCH} rows; all were seen
   * @param p50Millis acknowledgement-to-visible delay percentiles and maximum in milliseconds; NaN
   *     when no batch was acknowledged
   * @param insertP50Millis the producer's insert (or write and flush) latency percentiles in
   *     milliseconds
   */
  public record Result(
      String producer,
      long batches,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double insertP50Millis,
      double insertP99Millis) {}

  /** Batches of multi-row INSERTs over pgwire, one every {@link #DEFAULT_INTERVAL}. */
  public static Result runPgwire(String jdbcUrl, Duration duration)
      throws SQLException, InterruptedException {
    return runPgwire(jdbcUrl, duration, DEFAULT_INTERVAL);
  }

  /** Batches of multi-row INSERTs over pgwire, one every {@code interval}. */
  public static Result runPgwire(String jdbcUrl, Duration duration, Duration interval)
      throws SQLException, InterruptedException {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    try (Connection producer = DriverManager.getConnection(jdbcUrl);
        Connection poller = DriverManager.getConnection(jdbcUrl)) {
      recreateTable(producer);
      return measure("pgwire", new InsertSink(producer), poller, duration, interval);
    }
  }

  /**
   * Batches through the gRPC writer at {@code grpcEndpoint} (host:port), one every {@link
   * #DEFAULT_INTERVAL}; the poller and the table's setup use {@code jdbcUrl}.
   */
  public static Result runGrpc(String grpcEndpoint, String jdbcUrl, Duration duration)
      throws SQLException, InterruptedException {
    return runGrpc(grpcEndpoint, jdbcUrl, duration, DEFAULT_INTERVAL);
  }

  /** Batches through the gRPC writer, one every {@code interval}. */
  public static Result runGrpc(
      String grpcEndpoint, String jdbcUrl, Duration duration, Duration interval)
      throws SQLException, InterruptedException {
    requireNonNull(grpcEndpoint, "grpcEndpoint is null");
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    try (Connection poller = DriverManager.getConnection(jdbcUrl)) {
      recreateTable(poller);
      try (AuroraClient client =
              AuroraClient.builder()
                  .endpoints(grpcEndpoint)
                  .deadline(Duration.ofMinutes(1))
                  .build();
          AuroraWriter writer =
              client.writer(
                  TABLE,
                  WriterOptions.defaults()
                      .withMaxBatchRows(ROWS_PER_BATCH)
                      // Only flush() seals a batch: a lingering half batch would split one.
                      .withLinger(Duration.ofMinutes(1))
                      .withMaxInFlightBatches(1))) {
        return measure("grpc", new WriterSink(writer), poller, duration, interval);
      }
    }
  }

  /**
   * The pgwire loop on DuckDB in-process, one batch every {@link #DEFAULT_INTERVAL}: the producer
   * and the poller each use a {@link DuckDBConnection#duplicate() duplicate} of {@code duckdb},
   * which stays open.
   */
  public static Result runDuckDb(Connection duckdb, Duration duration)
      throws SQLException, InterruptedException {
    return runDuckDb(duckdb, duration, DEFAULT_INTERVAL);
  }

  /** The pgwire loop on DuckDB in-process, one batch every {@code interval}. */
  public static Result runDuckDb(Connection duckdb, Duration duration, Duration interval)
      throws SQLException, InterruptedException {
    DuckDBConnection base = duckdb.unwrap(DuckDBConnection.class);
    try (Connection producer = base.duplicate();
        Connection poller = base.duplicate()) {
      recreateTable(producer);
      return measure("duckdb", new InsertSink(producer), poller, duration, interval);
    }
  }

  private static void recreateTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TABLE);
      statement.execute(CREATE_TABLE);
    }
  }

  /** Writes one batch and returns once it is acknowledged. Used by the producer's thread only. */
  private interface BatchSink {
    void write(long batch) throws SQLException;
  }

  /** One multi-row INSERT per batch on an autocommit connection. */
  private static final class InsertSink implements BatchSink {
    private final Connection connection;

    InsertSink(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void write(long batch) throws SQLException {
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(TABLE).append(" VALUES ");
      String ts = TIMESTAMP.format(LocalDateTime.now(ZoneOffset.UTC));
      long firstSeq = (batch - 1) * ROWS_PER_BATCH;
      for (int row = 0; row < ROWS_PER_BATCH; row++) {
        long seq = firstSeq + row;
        if (row > 0) {
          sql.append(", ");
        }
        sql.append('(')
            .append(seq)
            .append(", ")
            .append(batch)
            .append(", TIMESTAMP '")
            .append(ts)
            .append("', 'row ")
            .append(seq)
            .append("')");
      }
      try (Statement statement = connection.createStatement()) {
        int inserted = statement.executeUpdate(sql.toString());
        if (inserted != ROWS_PER_BATCH) {
          throw new IllegalStateException(
              "INSERT of batch[" + batch + "] reported rows[" + inserted + "]");
        }
      }
    }
  }

  /** One {@link AuroraWriter#flush()} per batch: it returns once the batch is acknowledged. */
  private static final class WriterSink implements BatchSink {
    private final AuroraWriter writer;

    WriterSink(AuroraWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(long batch) {
      long micros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
      long firstSeq = (batch - 1) * ROWS_PER_BATCH;
      for (int row = 0; row < ROWS_PER_BATCH; row++) {
        long seq = firstSeq + row;
        writer
            .newRow()
            .set("seq", seq)
            .set("batch", batch)
            .set("ts", micros)
            .set("payload", "row " + seq)
            .write();
      }
      writer.flush();
    }
  }

  private static Result measure(
      String producer,
      BatchSink sink,
      Connection pollConnection,
      Duration duration,
      Duration interval)
      throws InterruptedException {
    requireNonNull(duration, "duration is null");
    requireNonNull(interval, "interval is null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative");
    }
    Poller poller = new Poller(pollConnection);
    Thread pollerThread = new Thread(poller, "freshness-poller");
    pollerThread.setDaemon(true);
    pollerThread.start();

    LongList acknowledged = new LongList();
    LongList insertNanos = new LongList();
    @Nullable Exception producerFailure = null;
    long deadline = System.nanoTime() + duration.toNanos();
    try {
      for (long batch = 1; System.nanoTime() < deadline && poller.failure.get() == null; batch++) {
        long start = System.nanoTime();
        sink.write(batch);
        long ack = System.nanoTime();
        acknowledged.add(ack);
        insertNanos.add(ack - start);
        long next = start + interval.toNanos();
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
      }
    } catch (SQLException | RuntimeException e) {
      producerFailure = e;
    } finally {
      poller.finish(acknowledged.size());
      pollerThread.join();
    }
    if (producerFailure != null) {
      throw new IllegalStateException(
          "Freshness producer[" + producer + "] failed at batch[" + (acknowledged.size() + 1) + "]",
          producerFailure);
    }
    Exception pollerFailure = poller.failure.get();
    if (pollerFailure != null) {
      throw new IllegalStateException(
          "Freshness poller failed with producer[" + producer + "]", pollerFailure);
    }
    int batches = acknowledged.size();
    if (poller.seen.size() < batches) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "Batch[%d] of batches[%d] acknowledged by producer[%s] was not visible after [%s]",
              poller.seen.size() + 1,
              batches,
              producer,
              VISIBILITY_TIMEOUT));
    }
    long[] delays = new long[batches];
    for (int i = 0; i < batches; i++) {
      delays[i] = Math.max(0, poller.seen.get(i) - acknowledged.get(i));
    }
    Arrays.sort(delays);
    long[] inserts = insertNanos.toArray();
    Arrays.sort(inserts);
    Result result =
        new Result(
            producer,
            batches,
            LongList.percentileMillis(delays, 0.50),
            LongList.percentileMillis(delays, 0.99),
            batches == 0 ? Double.NaN : delays[batches - 1] / 1e6,
            LongList.percentileMillis(inserts, 0.50),
            LongList.percentileMillis(inserts, 0.99));
    LOG.info(
        "Freshness with producer[{}]: {} batches, visible after p50 {} ms, p99 {} ms, max {} ms",
        producer,
        batches,
        String.format(Locale.ROOT, "%.2f", result.p50Millis()),
        String.format(Locale.ROOT, "%.2f", result.p99Millis()),
        String.format(Locale.ROOT, "%.2f", result.maxMillis()));
    return result;
  }

  /**
   * Polls the newest batch until the producer has finished and every acknowledged batch was seen
   * (or {@link #VISIBILITY_TIMEOUT} passed). {@link #seen} holds, at index b - 1, when batch b was
   * first seen; read it after joining the thread.
   */
  private static final class Poller implements Runnable {
    private static final long NOT_FINISHED = -1;

    final LongList seen = new LongList();
    final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
    private final Connection connection;
    private volatile long finalBatch = NOT_FINISHED;

    Poller(Connection connection) {
      this.connection = connection;
    }

    /** The producer has stopped after acknowledging {@code batches} batches. */
    void finish(long batches) {
      finalBatch = batches;
    }

    @Override
    public void run() {
      boolean isGivingUp = false;
      long giveUpAt = 0;
      try (Statement statement = connection.createStatement()) {
        while (true) {
          long target = finalBatch;
          if (target != NOT_FINISHED) {
            if (seen.size() >= target) {
              return;
            }
            long now = System.nanoTime();
            if (!isGivingUp) {
              isGivingUp = true;
              giveUpAt = now + VISIBILITY_TIMEOUT.toNanos();
            } else if (now - giveUpAt > 0) {
              return;
            }
          }
          long newest;
          try (ResultSet result = statement.executeQuery(NEWEST_BATCH)) {
            result.next();
            newest = result.getLong(1);
          }
          long now = System.nanoTime();
          while (seen.size() < newest) {
            seen.add(now);
          }
        }
      } catch (SQLException | RuntimeException e) {
        failure.set(e);
      }
    }
  }
}
