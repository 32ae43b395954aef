package io.aurora.benchmarks.node;

import io.aurora.benchmarks.storage.EventTableGenerator;
import io.aurora.consensus.ConsensusConfig;
import io.aurora.consensus.GroupStatus;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How long a node takes to come back: appends N rows of the event table through Raft, closes the
 * catalog without a snapshot (as after a crash, the log tail since the last automatic snapshot is
 * replayed), reopens and times it; then takes a snapshot, closes, and reopens again (nothing to
 * replay). Prints a Markdown table.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.node.RestartTime [rows=10000000] [directory=benchmarks/target/restart]
 * </pre>
 */
public final class RestartTime {
  private RestartTime() {}

  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path directory = Path.of(args.length > 1 ? args[1] : "benchmarks/target/restart");
    Directories.deleteRecursively(directory);
    StorageConfig storage = StorageConfig.DEFAULT;
    ConsensusConfig consensus = ConsensusConfig.DEFAULT;

    long start = System.nanoTime();
    try (ReplicatedCatalog catalog = open(directory, storage, consensus)) {
      catalog.createTable("events", EventTableGenerator.SCHEMA, false);
      Table table = catalog.table("events");
      EventTableGenerator generator = new EventTableGenerator(42, Math.toIntExact(rows));
      long appended = 0;
      while (appended < rows) {
        Page page = generator.nextPage();
        table.append(page);
        appended += page.positionCount();
      }
      report("after ingest", catalog);
    }
    double ingestSeconds = (System.nanoTime() - start) / 1e9;

    long replayStart = System.nanoTime();
    long replayedRows;
    try (ReplicatedCatalog catalog = open(directory, storage, consensus)) {
      double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
      replayedRows = catalog.table("events").rowCount();
      report("after restart with log tail", catalog);
      System.out.printf(
          Locale.ROOT,
          "%n| step | rows | seconds |%n|---|---:|---:|%n| ingest through Raft (%.0f rows/s)"
              + " | %,d | %.1f |%n| restart, replaying the log tail | %,d | %.2f |%n",
          rows / ingestSeconds,
          rows,
          ingestSeconds,
          replayedRows,
          replaySeconds);
      catalog.snapshotAll();
    }
    long snapshotStart = System.nanoTime();
    try (ReplicatedCatalog catalog = open(directory, storage, consensus)) {
      double seconds = (System.nanoTime() - snapshotStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "| restart after a snapshot (nothing to replay) | %,d | %.2f |%n",
          catalog.table("events").rowCount(),
          seconds);
      report("after restart from snapshot", catalog);
    }
    if (replayedRows != rows) {
      throw new IllegalStateException("restart saw " + replayedRows + " of " + rows + " rows");
    }
  }

  private static ReplicatedCatalog open(
      Path directory, StorageConfig storage, ConsensusConfig consensus) {
    return ReplicatedCatalog.open(directory, "127.0.0.1", 0, storage, consensus);
  }

  private static void report(String when, ReplicatedCatalog catalog) {
    for (GroupStatus group : catalog.groups()) {
      System.out.printf(
          Locale.ROOT,
          "%s: %s commit index %d, snapshot index %d (log tail %d entries)%n",
          when,
          group.isCatalog() ? "catalog" : "shard " + group.groupId(),
          group.commitIndex(),
          group.snapshotIndex(),
          group.commitIndex() - Math.max(0, group.snapshotIndex()));
    }
  }
}
