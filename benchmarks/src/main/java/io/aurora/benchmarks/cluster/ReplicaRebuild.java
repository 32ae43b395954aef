package io.aurora.benchmarks.cluster;

import io.aurora.benchmarks.storage.EventTableGenerator;
import io.aurora.consensus.ConsensusConfig;
import io.aurora.consensus.NodeRecord;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.consensus.ShardExport;
import io.aurora.sql.catalog.ShardReplica;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How long a replica that lacks N rows takes to hold them again, two ways, in the same run: by
 * replaying its leader's log (node 3 was down during the load, and the leader kept the entries),
 * and by copying its leader's snapshot (node 3 lost its files after the load, and the leader's log
 * starts after its snapshot). Three nodes in one JVM on loopback, one writer through node 1; the
 * time runs from node 3's start until its replica holds every row. Prints a Markdown table.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.cluster.ReplicaRebuild [rows=2000000] [directory]
 * </pre>
 */
public final class ReplicaRebuild {
  private static final StorageConfig STORAGE = StorageConfig.DEFAULT;

  private ReplicaRebuild() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    Path directory = Path.of(args.length > 1 ? args[1] : "benchmarks/target/replica-rebuild");
    List<Page> pages = EventTableGenerator.generate(42, rows);
    double[] replay = rebuild(directory.resolve("log"), pages, false);
    double[] copy = rebuild(directory.resolve("copy"), pages, true);
    System.out.printf(
        Locale.ROOT,
        "%n| node 3 missed %,d rows of the 20-column event table | seconds | rows/s | replica MiB"
            + " | ratio |%n|---|---:|---:|---:|---:|%n"
            + "| replays its leader's log | %.2f | %,.0f | %.1f | 1.00 |%n"
            + "| copies its leader's snapshot, then the log after it | %.2f | %,.0f | %.1f |"
            + " %.2f |%n",
        rows,
        replay[0],
        rows / replay[0],
        replay[1],
        copy[0],
        rows / copy[0],
        copy[1],
        copy[0] / replay[0]);
  }

  /** Returns {seconds until node 3's replica holds every row, MiB of its segment files}. */
  private static double[] rebuild(Path directory, List<Page> pages, boolean isCopy)
      throws Exception {
    Directories.deleteRecursively(directory);
    // The copy run keeps no log behind snapshots, so node 3 cannot catch up from the log.
    ConsensusConfig consensus =
        isCopy ? ConsensusConfig.DEFAULT.withKeptEntries(0) : ConsensusConfig.DEFAULT;
    List<String> seeds = InProcessNodes.seeds(3);
    ReplicatedCatalog[] nodes = new ReplicatedCatalog[3];
    long rows = 0;
    for (Page page : pages) {
      rows += page.positionCount();
    }
    try {
      startTogether(directory, seeds, consensus, nodes, List.of(0, 1, 2));
      nodes[0].createTable("events", EventTableGenerator.SCHEMA, false);
      if (!isCopy) {
        // Node 3 misses the load; its leader, up all along, keeps the log it lacks.
        nodes[2].close();
        nodes[2] = null;
      }
      Table table = Objects.requireNonNull(nodes[0].table("events"));
      for (Page page : pages) {
        table.append(page);
      }
      for (ReplicatedCatalog node : nodes) {
        if (node != null) {
          node.checkpoint();
        }
      }
      if (isCopy) {
        // The snapshots above purged the log on every node (node 3 had all of it). Node 3 then
        // loses its replica, and new leaders, after a restart, know nothing of it.
        for (int i = 0; i < 3; i++) {
          nodes[i].close();
          nodes[i] = null;
        }
        Path data = directory.resolve("node3");
        try (Stream<Path> shards = Files.list(data.resolve("shards"))) {
          for (Path shard : shards.toList()) {
            Directories.deleteRecursively(shard);
            Directories.deleteRecursively(data.resolve("raft").resolve(shard.getFileName()));
          }
        }
        startTogether(directory, seeds, consensus, nodes, List.of(0, 1));
      }
      long began = System.nanoTime();
      startTogether(directory, seeds, consensus, nodes, List.of(2));
      while (rowsOnNode3(nodes[2]) != rows) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      long bytes;
      try (Stream<Path> files = Files.walk(directory.resolve("node3/shards"))) {
        bytes =
            files
                .filter(Files::isRegularFile)
                .mapToLong(
                    file -> {
                      try {
                        return Files.size(file);
                      } catch (IOException e) {
                        return 0;
                      }
                    })
                .sum();
      }
      return new double[] {seconds, bytes / (1024.0 * 1024.0)};
    } finally {
      for (ReplicatedCatalog node : nodes) {
        if (node != null) {
          node.close();
        }
      }
    }
  }

  /** The rows of node 3's own replicas of the table, or -1 while one is still recovering. */
  private static long rowsOnNode3(ReplicatedCatalog node) {
    long rows = 0;
    for (ShardReplica replica : node.shardReplicas()) {
      if (replica.table().equals("events") && replica.nodeId().equals("node3")) {
        if (replica.role().equals("recovering") || replica.rows() < 0) {
          return -1;
        }
        rows += replica.rows();
      }
    }
    return rows;
  }

  private static void startTogether(
      Path directory,
      List<String> seeds,
      ConsensusConfig consensus,
      ReplicatedCatalog[] nodes,
      List<Integer> indexes)
      throws Exception {
    InProcessNodes.startTogether(
        directory,
        seeds,
        STORAGE,
        consensus,
        nodes,
        indexes,
        node -> {
          // Snapshots are copied in-process from the other nodes of this JVM.
          int index = Integer.parseInt(node.node().membership().nodeId().substring(4)) - 1;
          node.node()
              .useSnapshotFetcher(
                  (target, groupId, minIndex, into) ->
                      copy(nodes, target, groupId, minIndex, into));
          node.announce("127.0.0.1:0", "in-process:" + index);
        });
  }

  private static void copy(
      ReplicatedCatalog[] nodes, NodeRecord target, UUID groupId, long minIndex, Path into) {
    ReplicatedCatalog node =
        nodes[Integer.parseInt(target.grpcAddress().substring("in-process:".length()))];
    if (node == null) {
      throw new AuroraException(ErrorCode.UNAVAILABLE, "Node[" + target.nodeId() + "] is down");
    }
    try (ShardExport export = node.node().exportShard(groupId, minIndex)) {
      export.copyTo(into);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
