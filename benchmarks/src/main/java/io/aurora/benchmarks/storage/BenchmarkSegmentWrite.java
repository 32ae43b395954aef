package io.aurora.benchmarks.storage;

import io.aurora.storage.block.Page;
import io.aurora.storage.compression.Codec;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.segment.SegmentWriter;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Write throughput, in rows per second, of the 20-column event table of {@link
 * EventTableGenerator}: {@link #shardAppendAndSeal} appends pages of 8,192 rows to a fresh {@link
 * Shard} and seals them into a segment file (validation, partition routing, the mutable segment and
 * the maintenance thread included); {@link #segmentWrite} is {@link SegmentWriter#write} of the
 * same pages alone. Each invocation writes into a new empty directory, created and deleted outside
 * the measurement.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchmarkSegmentWrite.DEFAULT_ROWS)
public class BenchmarkSegmentWrite {
  /** Rows written per invocation by a JMH run: the operations of one invocation. */
  public static final int DEFAULT_ROWS = 1 << 20;

  private static final long SEED = 42;

  @Param({"LZ4", "ZSTD"})
  public Codec codec = Codec.LZ4;

  /**
   * Rows to write. Not a {@code @Param} because {@link OperationsPerInvocation} is a constant;
   * tests shrink it.
   */
  int rowCount = DEFAULT_ROWS;

  private List<Page> pages;
  private StorageConfig config;
  private Path directory;

  /** Generates the pages once per trial. */
  @Setup
  public void generate() {
    pages = EventTableGenerator.generate(SEED, rowCount);
    SegmentWriteOptions options = SegmentWriteOptions.DEFAULT.withCodec(codec);
    config = StorageConfig.DEFAULT.withWriteOptions(options).withSegmentMaxRows(rowCount);
  }

  /** A new empty directory for each invocation. */
  @Setup(Level.Invocation)
  public void createDirectory() throws IOException {
    directory = Files.createTempDirectory("aurora-benchmark-write");
  }

  /** Deletes what the invocation wrote. */
  @TearDown(Level.Invocation)
  public void deleteDirectory() throws IOException {
    Directories.deleteRecursively(directory);
  }

  /** Appends every page to a new shard and seals it; returns the shard's row count. */
  @Benchmark
  public long shardAppendAndSeal() {
    try (Shard shard = Shard.open(directory, EventTableGenerator.SCHEMA, config)) {
      for (Page page : pages) {
        shard.append(page);
      }
      shard.sealAll();
      return shard.rowCount();
    }
  }

  /** Writes every page as one segment file; returns the segment's row count. */
  @Benchmark
  public long segmentWrite() {
    return SegmentWriter.write(
            directory.resolve("segment-1.aseg"),
            1,
            EventTableGenerator.COLUMNS,
            pages,
            List.of(),
            List.of(),
            config.writeOptions())
        .rowCount();
  }

  /** The directory the current invocation writes into. */
  Path directory() {
    return directory;
  }
}
