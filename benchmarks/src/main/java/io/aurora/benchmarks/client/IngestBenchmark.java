package io.aurora.benchmarks.client;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Rows per second through the gRPC client ({@link AuroraWriter}) into one node for a 10-column
 * event table, beside DuckDB's appender loading the same rows (in memory, same JVM, same run), and
 * the latency from a batch's acknowledgement to its rows being counted by a query (p50/p99). Prints
 * a Markdown table.
 *
 * <pre>
 * deploy/aurora server --grpc-port 19090 ... &amp;
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.client.IngestBenchmark 127.0.0.1:19090 [rows=2000000] [latencySamples=200]
 * </pre>
 *
 * <p>Both loaders generate the rows with the same seeded generator while loading, so generation
 * cost is in both numbers.
 */
public final class IngestBenchmark {
  static final String CREATE_TABLE =
      "CREATE TABLE %s (ts TIMESTAMP NOT NULL, user_id BIGINT, session_id BIGINT,"
          + " event_type VARCHAR, country VARCHAR, device VARCHAR, url VARCHAR,"
          + " duration_ms INTEGER, revenue DOUBLE, is_bot BOOLEAN)";
  private static final String[] EVENT_TYPES = {"view", "click", "purchase", "signup", "logout"};
  private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN", "ZA", "GB"};
  private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
  private static final long START_MICROS = 1_735_689_600_000_000L;

  private IngestBenchmark() {}

  /** What one run measured. */
  public record Result(
      long rows,
      double auroraRowsPerSecond,
      double duckdbRowsPerSecond,
      double ackToVisibleP50Millis,
      double ackToVisibleP99Millis) {}

  public static void main(String[] args) throws Exception {
    String endpoint = args.length > 0 ? args[0] : "127.0.0.1:9090";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Result result = run(endpoint, rows, samples);
    System.out.printf(
        Locale.ROOT,
        "| loader | rows | rows/s |%n|---|---:|---:|%n"
            + "| Aurora gRPC writer (one node) | %,d | %,.0f |%n"
            + "| DuckDB appender (in memory) | %,d | %,.0f |%n%n"
            + "ack-to-visible over %d batches: p50 %.2f ms, p99 %.2f ms%n",
        result.rows(),
        result.auroraRowsPerSecond(),
        result.rows(),
        result.duckdbRowsPerSecond(),
        samples,
        result.ackToVisibleP50Millis(),
        result.ackToVisibleP99Millis());
  }

  /** Creates a fresh table on the node, loads {@code rows} both ways, then samples latency. */
  public static Result run(String endpoint, int rows, int latencySamples) throws SQLException {
    try (AuroraClient client =
        AuroraClient.builder().endpoints(endpoint).deadline(Duration.ofMinutes(5)).build()) {
      String table = "ingest_" + System.currentTimeMillis();
      client.execute(String.format(Locale.ROOT, CREATE_TABLE, table));

      long start = System.nanoTime();
      try (AuroraWriter writer =
          client.writer(
              table,
              WriterOptions.defaults()
                  .withMaxBatchRows(65_536)
                  .withMaxBatchBytes(8L << 20)
                  .withMaxInFlightBatches(4))) {
        Random random = new Random(42);
        for (int i = 0; i < rows; i++) {
          write(writer, row(random, i));
        }
      }
      double auroraSeconds = (System.nanoTime() - start) / 1e9;
      Object stored = client.query("SELECT count(*) FROM " + table).rows().get(0).get(0);
      if (!Long.valueOf(rows).equals(stored)) {
        throw new IllegalStateException("Stored " + stored + " rows, expected " + rows);
      }

      double duckdbSeconds = loadDuckDb(rows);
      double[] latencies = ackToVisible(client, table, latencySamples);
      Arrays.sort(latencies);
      return new Result(
          rows,
          rows / auroraSeconds,
          rows / duckdbSeconds,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99));
    }
  }

  /** Writes one row of {@link #row} to the writer. */
  static void write(AuroraWriter writer, Object[] values) {
    writer
        .newRow()
        .set("ts", values[0])
        .set("user_id", values[1])
        .set("session_id", values[2])
        .set("event_type", values[3])
        .set("country", values[4])
        .set("device", values[5])
        .set("url", values[6])
        .set("duration_ms", values[7])
        .set("revenue", values[8])
        .set("is_bot", values[9])
        .write();
  }

  /** One row: ts, user_id, session_id, event_type, country, device, url, duration, revenue, bot. */
  static Object[] row(Random random, int i) {
    return new Object[] {
      START_MICROS + i * 1_000L,
      (long) random.nextInt(1_000_000),
      (long) (i / 20),
      EVENT_TYPES[random.nextInt(EVENT_TYPES.length)],
      COUNTRIES[random.nextInt(COUNTRIES.length)],
      DEVICES[random.nextInt(DEVICES.length)],
      "https://example.com/p/" + random.nextInt(1000),
      random.nextInt(60_000),
      random.nextInt(10) == 0 ? random.nextInt(50_000) / 100.0 : 0.0,
      random.nextInt(50) == 0
    };
  }

  private static double loadDuckDb(int rows) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(String.format(Locale.ROOT, CREATE_TABLE, "events"));
      long start = System.nanoTime();
      try (DuckDBAppender appender =
          connection.unwrap(DuckDBConnection.class).createAppender("main", "events")) {
        Random random = new Random(42);
        for (int i = 0; i < rows; i++) {
          Object[] values = row(random, i);
          appender.beginRow();
          appender.appendEpochMicros((Long) values[0]);
          appender.append((Long) values[1]);
          appender.append((Long) values[2]);
          appender.append((String) values[3]);
          appender.append((String) values[4]);
          appender.append((String) values[5]);
          appender.append((String) values[6]);
          appender.append((Integer) values[7]);
          appender.append((Double) values[8]);
          appender.append((Boolean) values[9]);
          appender.endRow();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      try (var result = statement.executeQuery("SELECT count(*) FROM events")) {
        result.next();
        if (result.getLong(1) != rows) {
          throw new IllegalStateException("DuckDB stored " + result.getLong(1) + " rows");
        }
      }
      return seconds;
    }
  }

  /**
   * Per sample: one 1,000-row batch with a marker session id is flushed (returns at its
   * acknowledgement), then a count of the marker's rows is repeated until it sees all of them.
   */
  private static double[] ackToVisible(AuroraClient client, String table, int samples) {
    double[] millis = new double[samples];
    try (AuroraWriter writer =
        client.writer(table, WriterOptions.defaults().withMaxBatchRows(1_000))) {
      Random random = new Random(7);
      for (int sample = 0; sample < samples; sample++) {
        long marker = -1 - sample;
        for (int i = 0; i < 1_000; i++) {
          Object[] values = row(random, i);
          writer.newRow().set("ts", values[0]).set("session_id", marker).write();
        }
        writer.flush();
        long acknowledged = System.nanoTime();
        while (true) {
          Object count =
              client
                  .query("SELECT count(*) FROM " + table + " WHERE session_id = $1", marker)
                  .rows()
                  .get(0)
                  .get(0);
          if (Long.valueOf(1_000).equals(count)) {
            break;
          }
        }
        millis[sample] = (System.nanoTime() - acknowledged) / 1e6;
      }
    }
    return millis;
  }

  private static double percentile(double[] sorted, double fraction) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
