package io.aurora.benchmarks.e2e;

import io.aurora.benchmarks.TableDefinitions;
import io.aurora.benchmarks.e2e.DataSets.CsvTable;
import io.aurora.benchmarks.e2e.DataSets.DataSet;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * Loads a generated data set's CSV files into Aurora, with COPY over pgjdbc or with the gRPC
 * writer, and into DuckDB with its own COPY; each load is timed from the first byte read to the
 * last row stored, and its row count checked afterwards.
 */
final class Loads {
  private Loads() {}

  /** One load of a whole data set. */
  record Load(String dataSet, String engine, String method, long rows, double seconds) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  /**
   * COPY FROM STDIN of every table's file over one pgjdbc connection, then CHECKPOINT, as DuckDB's
   * load is timed with its CHECKPOINT.
   */
  static Load auroraCopy(Connection aurora, DataSet dataSet) throws SQLException, IOException {
    return auroraCopy(aurora, dataSet, "");
  }

  /** As {@link #auroraCopy(Connection, DataSet)}, with {@code options} after each CREATE TABLE. */
  static Load auroraCopy(Connection aurora, DataSet dataSet, String options)
      throws SQLException, IOException {
    try (Statement statement = aurora.createStatement()) {
      for (CsvTable table : dataSet.tables()) {
        statement.execute("DROP TABLE IF EXISTS " + table.name());
        statement.execute(TableDefinitions.aurora(table.name(), table.schema()) + options);
      }
    }
    long start = System.nanoTime();
    long rows = 0;
    for (CsvTable table : dataSet.tables()) {
      try (InputStream input = Files.newInputStream(table.file())) {
        rows +=
            aurora
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table.name() + " FROM STDIN (FORMAT csv)", input, 1 << 16);
      }
    }
    // As DuckDB's load ends with its CHECKPOINT: the rows sealed into segments and compacted.
    try (Statement statement = aurora.createStatement()) {
      statement.execute("CHECKPOINT");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    checkCounts(aurora, dataSet, "");
    return new Load(dataSet.name(), "aurora", "COPY (pgwire)", rows, seconds);
  }

  /**
   * The gRPC writer: each file is read and parsed in this process and written to a table named
   * {@code grpc_<table>}, which is dropped afterwards (the COPY-loaded tables are the ones the
   * queries read).
   */
  static Load auroraGrpc(String endpoint, Connection aurora, DataSet dataSet)
      throws SQLException, IOException {
    try (AuroraClient client =
        AuroraClient.builder().endpoints(endpoint).deadline(Duration.ofMinutes(10)).build()) {
      for (CsvTable table : dataSet.tables()) {
        client.execute("DROP TABLE IF EXISTS grpc_" + table.name());
        client.execute(TableDefinitions.aurora("grpc_" + table.name(), table.schema()));
      }
      long start = System.nanoTime();
      long rows = 0;
      for (CsvTable table : dataSet.tables()) {
        rows += writeFile(client, table);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      checkCounts(aurora, dataSet, "grpc_");
      for (CsvTable table : dataSet.tables()) {
        client.execute("DROP TABLE grpc_" + table.name());
      }
      return new Load(dataSet.name(), "aurora", "gRPC writer", rows, seconds);
    }
  }

  private static long writeFile(AuroraClient client, CsvTable table) throws IOException {
    List<ColumnSchema> columns = table.schema().columns();
    int count = columns.size();
    String[] names = new String[count];
    DataType[] types = new DataType[count];
    for (int c = 0; c < count; c++) {
      names[c] = columns.get(c).name();
      types[c] = columns.get(c).type();
    }
    long rows = 0;
    try (BufferedReader reader = Files.newBufferedReader(table.file(), StandardCharsets.UTF_8);
        AuroraWriter writer =
            client.writer(
                "grpc_" + table.name(),
                WriterOptions.defaults()
                    // A hits row encodes to about 145 bytes in a log entry: 16,384 rows stay well
                    // under the 3 MiB one entry takes.
                    .withMaxBatchRows(16_384)
                    .withMaxBatchBytes(4L << 20)
                    .withMaxInFlightBatches(4))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] fields = Csv.split(line, count);
        AuroraWriter.Row row = writer.newRow();
        for (int c = 0; c < count; c++) {
          row.set(names[c], Csv.parse(fields[c], types[c]));
        }
        row.write();
        rows++;
      }
    }
    return rows;
  }

  /** DuckDB's COPY of the same files into tables of the same definitions. */
  static Load duckDbCopy(Connection duckdb, DataSet dataSet) throws SQLException {
    try (Statement statement = duckdb.createStatement()) {
      for (CsvTable table : dataSet.tables()) {
        statement.execute("DROP TABLE IF EXISTS " + table.name());
        statement.execute(TableDefinitions.columns(table.name(), table.schema()));
      }
      long start = System.nanoTime();
      long rows = 0;
      for (CsvTable table : dataSet.tables()) {
        statement.execute(
            String.format(
                Locale.ROOT,
                "COPY %s FROM '%s' (FORMAT csv, HEADER false, ALLOW_QUOTED_NULLS false)",
                table.name(),
                table.file().toAbsolutePath()));
        rows += table.rows();
      }
      statement.execute("CHECKPOINT");
      double seconds = (System.nanoTime() - start) / 1e9;
      checkCounts(duckdb, dataSet, "");
      return new Load(dataSet.name(), "duckdb", "COPY (in-process)", rows, seconds);
    }
  }

  /** Drops the data set's tables in both engines. */
  static void drop(Connection aurora, Connection duckdb, DataSet dataSet) throws SQLException {
    try (Statement auroraStatement = aurora.createStatement();
        Statement duckStatement = duckdb.createStatement()) {
      for (CsvTable table : dataSet.tables()) {
        auroraStatement.execute("DROP TABLE " + table.name());
        duckStatement.execute("DROP TABLE " + table.name());
      }
    }
  }

  private static void checkCounts(Connection connection, DataSet dataSet, String prefix)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (CsvTable table : dataSet.tables()) {
        try (ResultSet result =
            statement.executeQuery("SELECT count(*) FROM " + prefix + table.name())) {
          result.next();
          long stored = result.getLong(1);
          if (stored != table.rows()) {
            throw new IllegalStateException(
                prefix + table.name() + " holds " + stored + " rows, the file " + table.rows());
          }
        }
      }
    }
  }
}
