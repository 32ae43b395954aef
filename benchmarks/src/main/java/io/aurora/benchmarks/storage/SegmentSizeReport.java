package io.aurora.benchmarks.storage;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.compression.Codec;
import io.aurora.storage.segment.BlockMetadata;
import io.aurora.storage.segment.ColumnMetadata;
import io.aurora.storage.segment.Region;
import io.aurora.storage.segment.SegmentReader;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.segment.SegmentWriter;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.type.ColumnSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the bytes per row on disk of the {@link EventTableGenerator} table written as one segment
 * under each codec, beside its raw size, as Markdown tables: the whole file and each column.
 *
 * <p>Raw size: per value its SQL type's fixed width (BOOLEAN 1, SMALLINT 2, INTEGER and DATE 4,
 * BIGINT, TIMESTAMP, DECIMAL and DOUBLE 8 bytes), and per VARCHAR value its UTF-8 bytes plus a
 * 4-byte offset; a null counts its width (a null VARCHAR its offset only) and null masks count
 * nothing. A column's stored size is its blocks plus its dictionary, inverted index and Bloom
 * filter; the file adds the header, the footer and the trailer.
 *
 * <p>Usage: {@code java -cp aurora-benchmarks.jar io.aurora.benchmarks.storage.SegmentSizeReport
 * [rows]} (default 1,000,000 rows, seed 42).
 */
public final class SegmentSizeReport {
  private static final long SEED = 42;
  private static final int DEFAULT_ROWS = 1_000_000;
  private static final Codec[] CODECS = {Codec.LZ4, Codec.ZSTD, Codec.NONE};

  private SegmentSizeReport() {}

  /**
   * The sizes of one table under each codec.
   *
   * @param rows the table's rows
   * @param rawColumnBytes raw bytes of each column, by the definition of the class comment
   * @param fileBytes the segment file's size under each codec
   * @param columnBytes each column's stored bytes under each codec
   */
  public record Report(
      int rows, long[] rawColumnBytes, Map<Codec, Long> fileBytes, Map<Codec, long[]> columnBytes) {
    /** The raw size of the whole table. */
    public long rawBytes() {
      long total = 0;
      for (long bytes : rawColumnBytes) {
        total += bytes;
      }
      return total;
    }
  }

  /** Prints the report for the row count in {@code args[0]}, or 1,000,000 rows. */
  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROWS;
    Path directory = Files.createTempDirectory("aurora-size-report");
    try {
      print(measure(rows, directory), System.out);
    } finally {
      Directories.deleteRecursively(directory);
    }
  }

  /** Writes {@code rows} generated rows under each codec into {@code directory} and measures. */
  public static Report measure(int rows, Path directory) {
    List<Page> pages = EventTableGenerator.generate(SEED, rows);
    List<ColumnSchema> columns = EventTableGenerator.COLUMNS;
    long[] raw = new long[columns.size()];
    for (Page page : pages) {
      for (int c = 0; c < columns.size(); c++) {
        raw[c] += rawBytes(columns.get(c), page.block(c));
      }
    }
    Map<Codec, Long> fileBytes = new EnumMap<>(Codec.class);
    Map<Codec, long[]> columnBytes = new EnumMap<>(Codec.class);
    for (Codec codec : CODECS) {
      Path file = directory.resolve("segment-" + codec.name().toLowerCase(Locale.ROOT) + ".aseg");
      SegmentWriter.write(
          file,
          1,
          columns,
          pages,
          List.of(),
          List.of(),
          SegmentWriteOptions.DEFAULT.withCodec(codec));
      try {
        fileBytes.put(codec, Files.size(file));
      } catch (IOException e) {
        throw new IllegalStateException("Reading the size of file[" + file + "] failed", e);
      }
      SegmentReader reader = SegmentReader.open(file);
      long[] stored = new long[columns.size()];
      for (int c = 0; c < columns.size(); c++) {
        stored[c] = storedBytes(reader.column(c));
      }
      columnBytes.put(codec, stored);
    }
    return new Report(rows, raw, fileBytes, columnBytes);
  }

  private static long rawBytes(ColumnSchema column, Block block) {
    int rows = block.positionCount();
    return switch (column.type().kind()) {
      case BOOLEAN -> rows;
      case SMALLINT -> 2L * rows;
      case INTEGER, DATE, REAL -> 4L * rows;
      case BIGINT, TIMESTAMP, DECIMAL, DOUBLE -> 8L * rows;
      case VARCHAR -> {
        VarcharBlock strings = (VarcharBlock) block;
        long bytes = 4L * rows;
        for (int position = 0; position < rows; position++) {
          bytes += strings.isNull(position) ? 0 : strings.length(position);
        }
        yield bytes;
      }
    };
  }

  private static long storedBytes(ColumnMetadata column) {
    long bytes = 0;
    for (BlockMetadata block : column.blocks()) {
      bytes += block.region().length();
    }
    for (Region region :
        new Region[] {column.dictionary(), column.invertedIndex(), column.bloomFilter()}) {
      bytes += region == null ? 0 : region.length();
    }
    return bytes;
  }

  /** Prints {@code report} as two Markdown tables: the file, then each column. */
  public static void print(Report report, PrintStream out) {
    double rows = report.rows();
    out.printf(Locale.ROOT, "rows: %,d (seed %d)%n%n", report.rows(), SEED);
    out.println("| | raw | LZ4 | ZSTD | NONE |");
    out.println("|---|---:|---:|---:|---:|");
    out.printf(
        Locale.ROOT,
        "| bytes/row | %.1f | %.1f | %.1f | %.1f |%n",
        report.rawBytes() / rows,
        report.fileBytes().get(Codec.LZ4) / rows,
        report.fileBytes().get(Codec.ZSTD) / rows,
        report.fileBytes().get(Codec.NONE) / rows);
    out.printf(
        Locale.ROOT,
        "| file MiB | %.1f | %.1f | %.1f | %.1f |%n%n",
        report.rawBytes() / 1048576.0,
        report.fileBytes().get(Codec.LZ4) / 1048576.0,
        report.fileBytes().get(Codec.ZSTD) / 1048576.0,
        report.fileBytes().get(Codec.NONE) / 1048576.0);
    out.println("| column | type | raw B/row | LZ4 B/row | ZSTD B/row | NONE B/row |");
    out.println("|---|---|---:|---:|---:|---:|");
    List<ColumnSchema> columns = EventTableGenerator.COLUMNS;
    for (int c = 0; c < columns.size(); c++) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %.2f | %.2f | %.2f | %.2f |%n",
          columns.get(c).name(),
          columns.get(c).type(),
          report.rawColumnBytes()[c] / rows,
          report.columnBytes().get(Codec.LZ4)[c] / rows,
          report.columnBytes().get(Codec.ZSTD)[c] / rows,
          report.columnBytes().get(Codec.NONE)[c] / rows);
    }
  }
}
