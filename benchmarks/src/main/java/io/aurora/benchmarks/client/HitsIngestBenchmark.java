package io.aurora.benchmarks.client;

import io.aurora.benchmarks.TableDefinitions;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.sql.datasets.HitsGenerator;
import io.aurora.sql.testing.DuckDbOracle;
import io.aurora.sql.testing.TestingData;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Ingest of ClickBench's 105-column {@code hits} table through the gRPC writer into one node,
 * beside DuckDB's appender loading the same generated rows into an in-memory database in the same
 * run. The rows are generated before either load starts (the generator of the differential tests),
 * so both numbers are load only.
 *
 * <pre>
 * java -Xmx8g --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.client.HitsIngestBenchmark 127.0.0.1:9090 [rows=500000]
 * </pre>
 */
public final class HitsIngestBenchmark {
  private HitsIngestBenchmark() {}

  /** What one run measured. */
  public record Result(long rows, double auroraRowsPerSecond, double duckdbRowsPerSecond) {}

  public static void main(String[] args) throws Exception {
    String endpoint = args.length > 0 ? args[0] : "127.0.0.1:9090";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
    Result result = run(endpoint, rows);
    System.out.printf(
        Locale.ROOT,
        "| loader | rows | rows/s |%n|---|---:|---:|%n"
            + "| Aurora gRPC writer (one node) | %,d | %,.0f |%n"
            + "| DuckDB appender (in-process, in memory) | %,d | %,.0f |%n"
            + "Aurora/DuckDB rows/s ratio: %.2f%n",
        result.rows(),
        result.auroraRowsPerSecond(),
        result.rows(),
        result.duckdbRowsPerSecond(),
        result.auroraRowsPerSecond() / result.duckdbRowsPerSecond());
  }

  public static Result run(String endpoint, int rows) throws SQLException {
    TestingData.TableData hits = new HitsGenerator(7).generate(rows);
    List<ColumnSchema> columns = hits.schema().columns();
    try (AuroraClient client =
        AuroraClient.builder().endpoints(endpoint).deadline(Duration.ofMinutes(10)).build()) {
      String table = "hits_" + System.currentTimeMillis();
      client.execute(TableDefinitions.columns(table, TableSchema.of(columns)));
      long start = System.nanoTime();
      try (AuroraWriter writer =
          client.writer(
              table,
              WriterOptions.defaults()
                  // A hits row encodes to about 145 bytes in a log entry: 16,384 rows stay well
                  // under the 3 MiB one entry takes.
                  .withMaxBatchRows(16_384)
                  .withMaxBatchBytes(4L << 20)
                  .withMaxInFlightBatches(4))) {
        for (List<Object> values : hits.rows()) {
          AuroraWriter.Row row = writer.newRow();
          for (int c = 0; c < columns.size(); c++) {
            row.set(columns.get(c).name(), values.get(c));
          }
          row.write();
        }
      }
      double auroraSeconds = (System.nanoTime() - start) / 1e9;
      Object stored = client.query("SELECT count(*) FROM " + table).rows().get(0).get(0);
      if (!Long.valueOf(rows).equals(stored)) {
        throw new IllegalStateException("Stored " + stored + " rows, expected " + rows);
      }
      client.execute("DROP TABLE " + table);

      long duckStart = System.nanoTime();
      try (DuckDbOracle duckdb = new DuckDbOracle()) {
        duckdb.loadBulk(hits);
      }
      double duckdbSeconds = (System.nanoTime() - duckStart) / 1e9;
      return new Result(rows, rows / auroraSeconds, rows / duckdbSeconds);
    }
  }
}
