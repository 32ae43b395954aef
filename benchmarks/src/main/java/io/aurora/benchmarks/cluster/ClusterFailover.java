package io.aurora.benchmarks.cluster;

import io.aurora.benchmarks.LongList;
import io.aurora.benchmarks.storage.EventTableGenerator;
import io.aurora.consensus.ConsensusConfig;
import io.aurora.consensus.GroupStatus;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Three nodes in one JVM on loopback, beside one node in the same run: the ingest rate of one
 * writer through Raft on each, then the failover time, from stopping the node that leads a shard
 * (its Raft server goes away, as with kill -9, though the process lives on) to the next write
 * acknowledged through another node, over N kills. The stopped node is started again and catches up
 * before the next kill. Prints Markdown tables.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.cluster.ClusterFailover [kills=20] [rows=2000000] [directory]
 * </pre>
 */
public final class ClusterFailover {
  private static final StorageConfig STORAGE = StorageConfig.DEFAULT;
  private static final ConsensusConfig CONSENSUS = ConsensusConfig.DEFAULT;

  private ClusterFailover() {}

  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    Path directory = Path.of(args.length > 2 ? args[2] : "benchmarks/target/cluster-failover");
    Directories.deleteRecursively(directory);
    TableSchema schema = EventTableGenerator.SCHEMA;
    List<Page> pages = EventTableGenerator.generate(42, rows);

    double single;
    try (ReplicatedCatalog node =
        ReplicatedCatalog.open(directory.resolve("single"), "127.0.0.1", 0, STORAGE, CONSENSUS)) {
      node.createTable("events", schema, false);
      single = ingest(Objects.requireNonNull(node.table("events")), pages);
    }

    List<String> seeds = InProcessNodes.seeds(3);
    ReplicatedCatalog[] nodes = new ReplicatedCatalog[3];
    startTogether(directory, seeds, nodes, List.of(0, 1, 2));
    try {
      nodes[0].createTable("events", schema, false);
      double cluster = ingest(Objects.requireNonNull(nodes[1].table("events")), pages);
      System.out.printf(
          Locale.ROOT,
          "%n| ingest, one writer, %,d rows of the 20-column event table | rows/s | ratio |%n"
              + "|---|---:|---:|%n| one node | %,.0f | 1.00 |%n| three nodes, replication"
              + " factor 3 | %,.0f | %.2f |%n",
          rows,
          single,
          cluster,
          cluster / single);

      LongList failovers = new LongList();
      Page small = pages.get(0);
      for (int kill = 0; kill < kills; kill++) {
        int leader = leaderOfFirstShard(nodes);
        int writer = (leader + 1) % 3;
        Table table = Objects.requireNonNull(nodes[writer].table("events"));
        long stopped = System.nanoTime();
        nodes[leader].close();
        nodes[leader] = null;
        while (true) {
          try {
            table.append(small);
            break;
          } catch (RuntimeException e) {
            // No leader yet for some shard: try again.
          }
        }
        failovers.add(System.nanoTime() - stopped);
        startTogether(directory, seeds, nodes, List.of(leader));
        Thread.sleep(3_000);
      }
      long[] sorted = failovers.toArray();
      java.util.Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%n| failover: leader stopped to next acknowledged write | kills | p50 ms | max ms |%n"
              + "|---|---:|---:|---:|%n| three nodes in one JVM | %d | %.0f | %.0f |%n",
          kills,
          LongList.percentileMillis(sorted, 0.5),
          LongList.percentileMillis(sorted, 1.0));
    } finally {
      for (ReplicatedCatalog node : nodes) {
        if (node != null) {
          node.close();
        }
      }
    }
  }

  private static double ingest(Table table, List<Page> pages) {
    long start = System.nanoTime();
    long rows = 0;
    for (Page page : pages) {
      table.append(page);
      rows += page.positionCount();
    }
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  /** The node whose replica leads a shard group (the first reported), waiting for one. */
  private static int leaderOfFirstShard(ReplicatedCatalog[] nodes) throws InterruptedException {
    while (true) {
      for (int i = 0; i < nodes.length; i++) {
        for (GroupStatus group : nodes[i].groups()) {
          if (!group.isCatalog() && group.isLeader()) {
            return i;
          }
        }
      }
      Thread.sleep(20);
    }
  }

  private static void startTogether(
      Path directory, List<String> seeds, ReplicatedCatalog[] nodes, List<Integer> indexes)
      throws Exception {
    InProcessNodes.startTogether(directory, seeds, STORAGE, CONSENSUS, nodes, indexes, node -> {});
  }
}
