package io.aurora.benchmarks.e2e;

import io.aurora.sql.datasets.HitsGenerator;
import io.aurora.sql.datasets.SsbGenerator;
import io.aurora.sql.datasets.TableSink;
import io.aurora.sql.datasets.TpchGenerator;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Generates the three data sets as CSV files (see {@link Csv}) with the seeded generators of the
 * differential tests, streaming, so that 10M {@code hits} rows and scale factor 1 never sit in the
 * heap. A data set whose files exist from an earlier run with the same seed and size is reused: a
 * {@code done} file holding the parameters is written last.
 */
final class DataSets {
  /** A scale factor that generates the tables' schemas with a handful of rows. */
  private static final double TINY = 1e-6;

  private DataSets() {}

  /** One generated table: its file and row count. */
  record CsvTable(String name, TableSchema schema, Path file, long rows) {
    long bytes() throws IOException {
      return Files.size(file);
    }
  }

  /** A generated data set: its tables, dimensions first, and how long generating took. */
  record DataSet(String name, List<CsvTable> tables, double generateSeconds, boolean reused) {
    long rows() {
      long rows = 0;
      for (CsvTable table : tables) {
        rows += table.rows();
      }
      return rows;
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%s: %d tables, %,d rows, %s",
          name,
          tables.size(),
          rows(),
          reused
              ? "files reused"
              : String.format(java.util.Locale.ROOT, "generated in %.1f s", generateSeconds));
    }
  }

  static DataSet hits(Path directory, long seed, int rows) throws IOException {
    return generate(
        directory.resolve("hits"),
        "hits",
        "seed=" + seed + " rows=" + rows,
        sink -> new HitsGenerator(seed).generate(rows, sink.table("hits", HitsGenerator.schema())),
        sink -> sink.table("hits", HitsGenerator.schema()));
  }

  static DataSet ssb(Path directory, long seed, double scaleFactor) throws IOException {
    return generate(
        directory.resolve("ssb"),
        "ssb",
        "seed=" + seed + " sf=" + scaleFactor,
        sink -> new SsbGenerator(scaleFactor, seed).generate(sink),
        sink -> new SsbGenerator(TINY, seed).generate(sink));
  }

  static DataSet tpch(Path directory, long seed, double scaleFactor) throws IOException {
    return generate(
        directory.resolve("tpch"),
        "tpch",
        "seed=" + seed + " sf=" + scaleFactor,
        sink -> new TpchGenerator(scaleFactor, seed).generate(sink),
        sink -> new TpchGenerator(TINY, seed).generate(sink));
  }

  /**
   * Generates a data set with {@code generator}, or reuses its files; {@code schemas} starts the
   * same tables with few or no rows, for their schemas when reusing.
   */
  private static DataSet generate(
      Path directory,
      String name,
      String parameters,
      Consumer<TableSink> generator,
      Consumer<TableSink> schemas)
      throws IOException {
    Path done = directory.resolve("done");
    CsvSink sink = new CsvSink(directory);
    if (Files.exists(done) && Files.readString(done).startsWith(parameters + "\n")) {
      // Reuse: the schemas come from the generator's definitions, the counts from the done file.
      TableSink.Collecting definitions = TableSink.collecting();
      schemas.accept(definitions);
      List<String> lines = Files.readAllLines(done);
      List<CsvTable> tables = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        String[] parts = lines.get(i).split(" ");
        TableSchema schema = null;
        for (var definition : definitions.tables()) {
          if (definition.name().equals(parts[0])) {
            schema = definition.schema();
          }
        }
        if (schema == null) {
          throw new IOException("Table[" + parts[0] + "] of " + done + " is not generated");
        }
        tables.add(
            new CsvTable(
                parts[0], schema, directory.resolve(parts[0] + ".csv"), Long.parseLong(parts[1])));
      }
      return new DataSet(name, tables, 0, true);
    }
    io.aurora.storage.shard.Directories.deleteRecursively(directory);
    Files.createDirectories(directory);
    long start = System.nanoTime();
    try {
      generator.accept(sink);
    } finally {
      sink.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder manifest = new StringBuilder(parameters).append('\n');
    for (CsvTable table : sink.tables) {
      manifest.append(table.name()).append(' ').append(table.rows()).append('\n');
    }
    Files.writeString(done, manifest);
    return new DataSet(name, sink.tables, seconds, false);
  }

  /** Writes each table the generator starts to {@code <name>.csv}. */
  private static final class CsvSink implements TableSink {
    private final Path directory;
    private final List<CsvTable> tables = new ArrayList<>();
    private final List<TableWriter> writers = new ArrayList<>();

    CsvSink(Path directory) {
      this.directory = directory;
    }

    @Override
    public Consumer<List<Object>> table(String name, TableSchema schema) {
      try {
        TableWriter writer =
            new TableWriter(
                name,
                schema,
                directory.resolve(name + ".csv"),
                Files.newBufferedWriter(directory.resolve(name + ".csv"), StandardCharsets.UTF_8));
        writers.add(writer);
        return writer;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void close() throws IOException {
      for (TableWriter writer : writers) {
        writer.output.close();
        tables.add(new CsvTable(writer.name, writer.schema, writer.file, writer.rows));
      }
    }
  }

  private static final class TableWriter implements Consumer<List<Object>> {
    final String name;
    final TableSchema schema;
    final Path file;
    final Writer output;
    final List<DataType> types = new ArrayList<>();
    final StringBuilder line = new StringBuilder(1024);
    long rows;

    TableWriter(String name, TableSchema schema, Path file, BufferedWriter output) {
      this.name = name;
      this.schema = schema;
      this.file = file;
      this.output = output;
      for (ColumnSchema column : schema.columns()) {
        types.add(column.type());
      }
    }

    @Override
    public void accept(List<Object> row) {
      line.setLength(0);
      Csv.appendRow(line, row, types);
      try {
        output.append(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rows++;
    }
  }
}
